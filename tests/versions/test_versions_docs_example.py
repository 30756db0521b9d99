"""docs/versions.md's example is real: its commands, run on examples/versions, print what it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casefolders import invoke, tree

REPO = Path(__file__).resolve().parents[2]


def shown_output(command: str) -> str:
    """The lines the docs show after ``$ COMMAND``, up to the next ``$`` line or the block's end."""
    doc = (REPO / "docs" / "versions.md").read_text()
    match = re.search(rf"^\$ {re.escape(command)}\n(.*?)(?=^\$ |^```)", doc, re.MULTILINE | re.DOTALL)
    assert match, command
    return match.group(1)


def test_the_docs_example_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cfgmigrate.versions.run.installed_version", lambda name: None)
    work = tmp_path / "versions"
    shutil.copytree(REPO / "examples" / "versions", work)
    check = "cfgmigrate apply -p transformers-v5 --check -v --root . ."
    r = invoke(check.split()[1:], work)
    assert (r.exit_code, r.stderr) == (0, shown_output(check))
    bump = "cfgmigrate apply -p transformers-v5 --bump --deprecations --dry-run --root . ."
    before = tree(work)
    r = invoke(bump.split()[1:], work)
    assert (r.exit_code, r.stdout) == (0, shown_output(bump))
    assert tree(work) == before
