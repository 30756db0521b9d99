"""`# cfgmigrate: ignore` comments (YAML, Python, shell-style) and per-file-ignores: the changes held
back are not made, and are counted and listed by -v and in JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cfgmigrate.cli import main
from cfgmigrate.suppress import scan
from cfgmigrate.types import Change

PACK = """name: t
files: ["**/*.yaml", "**/*.py"]
rules:
  - id: lr
    rename: "**.lr"
    to: learning_rate
  - id: bs
    rename: "**.bs"
    to: batch_size
  - id: kw
    rename: torch_dtype
    to: dtype
    calls: ["*.from_pretrained"]
"""


def apply(root: Path, *args: str) -> Result:
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", "--root", ".", *args, "."])
    finally:
        os.chdir(old)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK)
    return tmp_path


def test_a_line_comment_holds_back_its_rule_and_the_other_rules_still_run(project: Path) -> None:
    (project / "a.yaml").write_text("lr: 1  # cfgmigrate: ignore[lr]\nbs: 2\n")
    r = apply(project, "-v")
    assert r.exit_code == 0
    assert (project / "a.yaml").read_text() == "lr: 1  # cfgmigrate: ignore[lr]\nbatch_size: 2\n"
    assert r.stderr == (
        "a.yaml:1: lr: suppressed: renamed lr to learning_rate ('# cfgmigrate: ignore[lr]' on line 1)\n"
        "cfgmigrate: 2 files scanned, 2 parsed, 1 changed (1 changes), 0 errors, 0 warnings, 1 suppressed\n"
    )


def test_a_bare_ignore_holds_back_every_rule_on_its_line_and_an_own_line_comment_the_next(project: Path) -> None:
    (project / "a.yaml").write_text("x:\n  lr: 1 # cfgmigrate: ignore\n  # cfgmigrate: ignore\n  bs: 2\n")
    r = apply(project, "--dry-run", "--format", "json")
    assert r.exit_code == 0
    [entry] = json.loads(r.stdout)["files"]
    assert (entry["status"], entry["diff"]) == ("unchanged", "")
    assert entry["suppressed"] == [
        {"rule": "lr", "line": 2, "message": "renamed x.lr to learning_rate", "reason": "'# cfgmigrate: ignore' on line 2"},
        {"rule": "bs", "line": 4, "message": "renamed x.bs to batch_size", "reason": "'# cfgmigrate: ignore' on line 3"},
    ]
    assert json.loads(r.stdout)["summary"]["suppressed"] == 2


def test_a_comment_in_the_opening_block_holds_back_the_whole_file(project: Path) -> None:
    (project / "a.yaml").write_text("# owned by another team\n# cfgmigrate: ignore[lr]\n\nlr: 1\nnested:\n  lr: 2\nbs: 3\n")
    r = apply(project, "-v")
    assert (
        project / "a.yaml"
    ).read_text() == "# owned by another team\n# cfgmigrate: ignore[lr]\n\nlr: 1\nnested:\n  lr: 2\nbatch_size: 3\n"
    assert r.stderr.count(": lr: suppressed: ") == 2


def test_python_keyword_on_a_suppressed_line_is_left(project: Path) -> None:
    source = (
        "from transformers import AutoModel\na = AutoModel.from_pretrained('x', torch_dtype='auto')  # cfgmigrate: ignore[kw]\n"
    )
    (project / "load.py").write_text(source)
    r = apply(project, "--check", "-v")
    assert r.exit_code == 0
    assert "load.py:2: kw: suppressed: renamed keyword torch_dtype to dtype ('# cfgmigrate: ignore[kw]' on line 2)\n" in r.stderr
    assert (project / "load.py").read_text() == source


def test_a_rule_held_back_on_one_line_is_held_back_in_the_whole_file(project: Path) -> None:
    """Never half a rule's migration in one file: its other changes there are listed as suppressed."""
    (project / "a.yaml").write_text("a:\n  lr: 1  # cfgmigrate: ignore[lr]\nb:\n  lr: 2\n")
    r = apply(project, "-v")
    assert (project / "a.yaml").read_text() == "a:\n  lr: 1  # cfgmigrate: ignore[lr]\nb:\n  lr: 2\n"
    assert r.stderr.splitlines()[:2] == [
        "a.yaml:2: lr: suppressed: renamed a.lr to learning_rate ('# cfgmigrate: ignore[lr]' on line 2)",
        "a.yaml:4: lr: suppressed: renamed b.lr to learning_rate "
        "(held back in the whole file with the change that '# cfgmigrate: ignore[lr]' on line 2 covers)",
    ]


def test_per_file_ignores_from_the_project_configuration(project: Path) -> None:
    (project / ".cfgmigrate.yaml").write_text("per-file-ignores:\n  'tests/**': [lr]\n")
    (project / "tests").mkdir()
    (project / "tests" / "t.yaml").write_text("lr: 1\nbs: 2\n")
    r = apply(project, "-v")
    assert (project / "tests" / "t.yaml").read_text() == "lr: 1\nbatch_size: 2\n"
    assert "tests/t.yaml:1: lr: suppressed: renamed lr to learning_rate (per-file-ignores 'tests/**')\n" in r.stderr


def test_a_suppressed_file_is_not_cached_as_clean_so_every_run_lists_it(project: Path) -> None:
    (project / "a.yaml").write_text("lr: 1  # cfgmigrate: ignore\n")
    assert [apply(project, "--check").stderr.endswith(", 1 suppressed\n") for _ in range(2)] == [True, True]


def test_shell_style_comments_are_read_the_same_way() -> None:
    held = scan("run.sh", "#!/bin/sh\n# cfgmigrate: ignore[lr, bs]\npython train.py --lr 1\necho ok  # cfgmigrate: ignore\n")
    assert held.whole_file == {"lr": "'# cfgmigrate: ignore[lr, bs]' on line 2", "bs": "'# cfgmigrate: ignore[lr, bs]' on line 2"}
    assert held.why(Change("other", 4, "m")) == "'# cfgmigrate: ignore' on line 4"
    assert held.why(Change("other", 3, "m")) == ""
    assert not scan("a.yaml", "url: http://x/#cfgmigrate:ignore\n")
