"""Report lines are lines of the file as it was read, whatever ran before: a later pack's changes and
warnings, and a later rule's after an earlier one removed or added lines (engines/linemap.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefolders import invoke
from cfgmigrate.engines.linemap import back

REMOVE = 'name: a\nfiles: ["**/*.yaml"]\nrules:\n  - id: rm\n    remove: junk\n'
RENAME = 'name: b\nfiles: ["**/*.yaml"]\nrules:\n  - id: rn\n    rename: lr\n    to: learning_rate\n'
CLASH = RENAME + "  - id: clash\n    rename: seed\n    to: keep\n"
CONFIG = "junk:\n  a: 1\n  b: 2\nseed: 1\nkeep: 0\nlr: 3\n"


def test_a_later_packs_changes_and_errors_name_the_lines_of_the_file_as_read(tmp_path: Path) -> None:
    (tmp_path / "a.pack").write_text(REMOVE)
    (tmp_path / "b.pack").write_text(RENAME)
    (tmp_path / "clash.pack").write_text(CLASH)
    (tmp_path / "c.yaml").write_text(CONFIG)
    args = ["apply", "--dry-run", "--format", "json", "-r", "a.pack", "--root", ".", "c.yaml"]
    [f] = json.loads(invoke([*args, "-r", "b.pack"], tmp_path).stdout)["files"]
    assert [(c["rule"], c["line"]) for c in f["changes"]] == [("rm", 1), ("rn", 6)]
    [f] = json.loads(invoke([*args, "-r", "clash.pack"], tmp_path).stdout)["files"]
    assert [(d["rule"], d["line"], d["severity"]) for d in f["diagnostics"]] == [("clash", 4, "error")]


@pytest.mark.parametrize(
    ("old", "new", "lines"),
    [
        ("a\nb\nc\n", "a\nc\n", [1, 3]),  # the line after a deletion is the one that followed it
        ("a\nb\nc\n", "a\n", [1, 2]),  # past the end: where the lines were deleted
        ("a\nb\nc\n", "a\nb\nx\nc\n", [1, 2, 3, 3]),  # an inserted line stands in for the one after it
        ("junk:\n  a: 1\nseed: 1\n", "seed: 1\n", [3]),
    ],
)
def test_back_maps_a_line_to_the_line_it_came_from(old: str, new: str, lines: list[int]) -> None:
    assert [back(old, new, k) for k in range(1, len(lines) + 1)] == lines
