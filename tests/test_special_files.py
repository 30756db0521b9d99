"""Special files among the configs (symlink loops, broken links, FIFOs): skipped with a reason,
never a hang, a crash or exit 1; inside git and outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import RENAME_PACK, cfgmigrate, git

from cfgmigrate.reader import NotRegular, read_regular

SKIPS = (
    "broken.yaml: skipped: broken symlink (its target does not exist)\n"
    "fifo.yaml: skipped: not a regular file (a FIFO)\n"
    "loop1.yaml: skipped: symlink loop\n"
    "loop2.yaml: skipped: symlink loop\n"
    "self.yaml: skipped: symlink loop\n"
)


def hostile_tree(root: Path) -> None:
    (root / "pack.yaml").write_text(RENAME_PACK)
    (root / "x.yaml").write_text("lr: 1\n")
    (root / "loop1.yaml").symlink_to("loop2.yaml")
    (root / "loop2.yaml").symlink_to("loop1.yaml")
    (root / "self.yaml").symlink_to("self.yaml")
    (root / "broken.yaml").symlink_to("missing.yaml")


def test_outside_git_special_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    hostile_tree(tmp_path)
    os.mkfifo(tmp_path / "fifo.yaml")
    r = cfgmigrate(tmp_path, "--verbose", timeout=60)
    assert (r.returncode, r.stderr) == (
        0,
        SKIPS + "cfgmigrate: 2 files scanned, 2 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n",
    )
    assert (tmp_path / "x.yaml").read_text() == "learning_rate: 1\n"
    assert (tmp_path / "self.yaml").is_symlink() and (tmp_path / "loop1.yaml").is_symlink()


def test_inside_git_a_tracked_name_that_became_a_fifo_is_skipped_with_a_reason(tmp_path: Path) -> None:
    hostile_tree(tmp_path)
    (tmp_path / "fifo.yaml").write_text("lr: 2\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "fifo.yaml")
    (tmp_path / "fifo.yaml").unlink()
    os.mkfifo(tmp_path / "fifo.yaml")
    os.mkfifo(tmp_path / "untracked-fifo.yaml")  # git lists no FIFO it does not track
    r = cfgmigrate(tmp_path, "--verbose", "--check", timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "would change x.yaml (1 change)\n",
        SKIPS + "cfgmigrate: 2 files scanned, 2 parsed, 1 would change (1 changes), 0 errors, 0 warnings\n",
    )


def test_a_name_that_became_a_fifo_after_discovery_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "late.yaml")
    with pytest.raises(NotRegular, match=r"not a regular file \(a FIFO\)"):
        read_regular(tmp_path / "late.yaml", 1024)
