"""Every operation documents itself from its own module, and docs/operations.md is the generated
reference (the examples in it are executed by tests/test_engine_table.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main
from cfgmigrate.ops import REGISTRY
from cfgmigrate.ops.docs import markdown, render

DOCS = Path(__file__).parents[1] / "docs" / "operations.md"


def test_generated_reference_is_committed() -> None:
    """Regenerate: python -c "from cfgmigrate.ops.docs import markdown; open('docs/operations.md','w').write(markdown())" """
    assert DOCS.read_text() == markdown()


def test_every_registered_operation_has_a_section() -> None:
    assert [line[3:] for line in markdown().splitlines() if line.startswith("## ")] == list(REGISTRY)


def test_rules_explain_prints_the_same_reference() -> None:
    r = CliRunner().invoke(main, ["rules", "explain", "move"])
    assert (r.exit_code, r.stdout) == (0, render(REGISTRY["move"]))
    r = CliRunner().invoke(main, ["rules", "explain", "frobnicate"])
    assert r.exit_code == 2
    assert (
        "no operation 'frobnicate'; operations: rename, move, coerce, add, set_default, remove, map, copy, rename_symbol"
        in r.stderr
    )
    r = CliRunner().invoke(main, ["rules", "explain", "renam"])
    assert r.exit_code == 2 and "no operation 'renam'; did you mean 'rename'?" in r.stderr
