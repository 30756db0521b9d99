"""A worker process that dies on one file (a parser crash) costs that file only; an internal error
is exit 2 with one clear line, never Python's exit 1 (which --check reads as "pending")."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import RENAME_PACK, cfgmigrate

from cfgmigrate.api import migrate, planning
from cfgmigrate.cli import main
from cfgmigrate.workers import run_in_workers

CRASHERS = {3, 4, 41, 99}


def square_or_die(n: int) -> int:
    if n in CRASHERS:
        os.kill(os.getpid(), signal.SIGKILL)  # as a segfault would, without faulthandler's dump
    return n * n


def test_a_crashing_item_is_isolated_and_every_other_item_is_done() -> None:
    settled: list[int] = []
    out = run_in_workers(square_or_die, range(100), 2, crashed=lambda n: -n, done=lambda: settled.append(1))
    assert out == [-n if n in CRASHERS else n * n for n in range(100)]
    assert len(settled) == 100


def test_a_file_that_crashes_its_parser_is_that_files_error_and_the_others_are_migrated(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    for i in range(20):
        (tmp_path / f"f{i:02}.yaml").write_text(f"lr: {i}\n")
    deep = "lr: " + "[" * 50_000 + "]" * 50_000 + "\n"  # crashed the C composer (SIGSEGV) before a depth limit
    (tmp_path / "deep.yaml").write_text(deep)
    r = cfgmigrate(tmp_path, "-j", "2", "--no-cache", timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("deep.yaml:") and "Traceback" not in r.stderr
    assert r.stderr.endswith("cfgmigrate: 22 files scanned, 22 parsed, 20 changed (20 changes), 1 errors, 0 warnings\n")
    assert (tmp_path / "deep.yaml").read_text() == deep
    assert all((tmp_path / f"f{i:02}.yaml").read_text() == f"learning_rate: {i}\n" for i in range(20))


def test_the_crashed_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact message, with a worker killed on purpose (forked workers inherit the patch)."""
    real, parent = migrate.migrate_text, os.getpid()

    def migrate_or_die(root: str, relpath: str, *rest: object) -> object:
        if relpath == "f07.yaml" and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(root, relpath, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate, "migrate_text", migrate_or_die)
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    for i in range(12):
        (tmp_path / f"f{i:02}.yaml").write_text(f"lr: {i}\n")
    r = _invoke(tmp_path, "--check", "-j", "2")
    assert (r.exit_code, r.stderr) == (
        2,
        "f07.yaml: the worker process migrating this file died (a crash in a parser?); left as it was\n"
        "cfgmigrate: 13 files scanned, 13 parsed, 11 would change (11 changes), 1 errors, 0 warnings\n",
    )


def test_an_internal_error_is_exit_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_plan(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug\n::error file=README.md,line=1::forged")

    monkeypatch.setattr(planning, "plan", broken_plan)  # under api.plan and api.check
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    r = _invoke(tmp_path, "--check")
    assert (r.exit_code, r.stderr) == (
        2,
        "cfgmigrate: internal error: KeyError: 'a bug\\n::error file=README.md,line=1::forged' (a bug: please report it)\n",
    )


def _invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", "--no-cache", *args, "."])
    finally:
        os.chdir(old)
