"""Every operation is documented, every example in the docs really does what it says, and
docs/operations.md is the generated reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgmigrate.engines.yaml_engine import ENGINE
from cfgmigrate.operations import OPERATION_DOCS, markdown
from cfgmigrate.pack import load_pack_text
from cfgmigrate.rules import OPERATIONS

DOCS = Path(__file__).parents[1] / "docs" / "operations.md"


def test_every_operation_is_documented() -> None:
    assert set(OPERATION_DOCS) == set(OPERATIONS)


def test_generated_reference_is_committed() -> None:
    """Regenerate: python -c "from cfgmigrate.operations import markdown; open('docs/operations.md','w').write(markdown())" """
    assert DOCS.read_text() == markdown()


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op != "set_default"])
def test_config_file_examples_are_true(op: str) -> None:
    doc = OPERATION_DOCS[op]
    pack = load_pack_text("name: doc\nrules:\n" + "".join("  " + line + "\n" for line in doc.rule.splitlines()), "doc.yaml")
    result = ENGINE.migrate("example.yaml", doc.before, pack.rules)
    assert not result.diagnostics
    assert result.new_text == doc.after


def test_rules_explain_prints_the_same_reference() -> None:
    from click.testing import CliRunner

    from cfgmigrate.cli import main

    r = CliRunner().invoke(main, ["rules", "explain", "move"])
    assert (r.exit_code, r.stdout) == (0, OPERATION_DOCS["move"].render())
    r = CliRunner().invoke(main, ["rules", "explain", "frobnicate"])
    assert r.exit_code == 2 and "no operation 'frobnicate'" in r.stderr
    r = CliRunner().invoke(main, ["rules", "explain", "renam"])
    assert r.exit_code == 2 and "no operation 'renam'; did you mean 'rename'?" in r.stderr
