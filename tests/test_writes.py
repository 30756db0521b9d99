"""Writes (SPEC "Writes"): owner and group kept, symlinks written through to a target inside the
root (the link stays a link, the target is read and written once), links leaving the root refused."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from test_cli_apply import PACK, run

from cfgmigrate.writer import Refused, Write, _in_threads, digest, write_all, write_atomic

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


def test_fsync_policy_temp_files_on_disk_before_any_rename_then_one_fsync_per_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / d / f"{n}.yaml" for d in ("a", "b") for n in range(3)]
    for f in files:
        f.parent.mkdir(exist_ok=True)
        f.write_text(BEFORE)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append(("replace", str(a))), real_replace(a, b)))
    writes = [Write(f, AFTER.encode(), digest(BEFORE.encode())) for f in files]
    assert write_all(writes, tmp_path) == [None] * 6
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync"] * 6 + ["replace"] * 6 + ["fsync"] * 2
    assert {p for k, p in events[:6]} == {p for k, p in events[6:12]}  # every renamed temp was on disk first
    assert sorted(p for _, p in events[12:]) == [str(tmp_path / "a"), str(tmp_path / "b")]
    assert all(f.read_text() == AFTER for f in files)


def test_a_temp_file_that_cannot_reach_the_disk_is_not_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(BEFORE)
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".a.yaml.")):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    writes = [Write(tmp_path / n, AFTER.encode(), digest(BEFORE.encode())) for n in ("a.yaml", "b.yaml")]
    [a, b] = write_all(writes, tmp_path)
    assert (isinstance(a, OSError) and a.errno == errno.EIO, b) == (True, None)
    assert ((tmp_path / "a.yaml").read_text(), (tmp_path / "b.yaml").read_text()) == (BEFORE, AFTER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def _mount_tmpfs(path: Path, size: int) -> bool:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True).returncode == 0


def test_a_full_disk_refuses_the_files_it_cannot_hold_and_leaves_no_temp_file(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or not _mount_tmpfs(disk, 1024 * 1024):
        pytest.skip("needs a tmpfs of its own (root)")
    try:
        (disk / "pack.yaml").write_text(PACK)
        for n in ("a", "b"):
            (disk / f"{n}.yaml").write_text(BEFORE)
        st = os.statvfs(disk)
        (disk / ".filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize))  # not a byte left
        r = run(disk)
        assert (r.exit_code, r.stderr) == (
            2,
            "a.yaml: cannot write: No space left on device; left as it was\n"
            "b.yaml: cannot write: No space left on device; left as it was\n"
            "cfgmigrate: 3 files scanned, 3 parsed, 0 changed (0 changes), 2 errors, 0 warnings\n",
        )
        assert [(disk / f"{n}.yaml").read_text() for n in ("a", "b")] == [BEFORE, BEFORE]
        assert sorted(p.name for p in disk.iterdir()) == [".filler", "a.yaml", "b.yaml", "pack.yaml"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_the_fsync_threads_keep_the_order_and_raise_what_a_thread_raised() -> None:
    assert _in_threads(lambda n: n * n, list(range(100))) == [n * n for n in range(100)]

    def fails_on_7(n: int) -> int:
        if n == 7:
            raise RuntimeError("a bug in a thread")
        return n

    with pytest.raises(RuntimeError, match="a bug in a thread"):  # never a None read as "written"
        _in_threads(fails_on_7, list(range(100)))
