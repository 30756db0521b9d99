"""Writes (SPEC "Writes"): owner and group kept, symlinks written through to a target inside the
root (the link stays a link, the target is read and written once), links leaving the root refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_cli_apply import PACK, run

from cfgmigrate.writer import Refused, digest, write_atomic

BEFORE = "model:\n  torch_dtype: bf16\n"
AFTER = "model:\n  dtype: bf16\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK)
    return tmp_path


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_owner_and_group_are_kept(project: Path) -> None:
    (project / "a.yaml").write_text(BEFORE)
    os.chown(project / "a.yaml", 4242, 4343)
    assert run(project).exit_code == 0
    st = (project / "a.yaml").stat()
    assert ((project / "a.yaml").read_text(), st.st_uid, st.st_gid) == (AFTER, 4242, 4343)


def test_a_symlink_is_written_through_and_its_target_sorting_first_is_not_stale(project: Path) -> None:
    (project / "a.yaml").write_text(BEFORE)
    (project / "b.yaml").symlink_to("a.yaml")
    r = run(project, "--verbose")
    assert (r.exit_code, r.stderr) == (
        0,
        "b.yaml: skipped: a symlink to the file migrated as a.yaml\n"
        "cfgmigrate: 2 files scanned, 2 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n",
    )
    assert (project / "b.yaml").is_symlink() and os.readlink(project / "b.yaml") == "a.yaml"
    assert (project / "a.yaml").read_text() == AFTER


def test_a_link_whose_target_is_not_in_the_run_is_migrated_through_the_link(project: Path) -> None:
    (project / "data").mkdir()
    (project / "data" / "real.cfg").write_text(BEFORE)  # not a config name: only the link is seen
    (project / "a.yaml").symlink_to("data/real.cfg")
    (project / "z.yaml").symlink_to("data/real.cfg")  # a second name for it: migrated once
    r = run(project, "--verbose")
    assert (r.exit_code, r.stderr) == (
        0,
        "z.yaml: skipped: a symlink to the file migrated as a.yaml\n"
        "cfgmigrate: 2 files scanned, 2 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n",
    )
    assert (project / "a.yaml").is_symlink() and (project / "z.yaml").is_symlink()
    assert (project / "data" / "real.cfg").read_text() == AFTER
    assert sorted(p.name for p in (project / "data").iterdir()) == ["real.cfg"]


def test_the_writer_refuses_a_link_leaving_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(BEFORE)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.yaml").symlink_to(outside)
    with pytest.raises(Refused, match="symlink leaves the project root"):
        write_atomic(tmp_path / "root" / "a.yaml", AFTER.encode(), digest(BEFORE.encode()), tmp_path / "root")
    assert outside.read_text() == BEFORE
