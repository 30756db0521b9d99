"""A run over many files: prefilter counts, the same output whatever -j is, progress reports,
start-up imports, and writes that SIGKILL cannot leave half done."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scale_repo import PACK, cli, make_repo

from cfgmigrate import api, progress
from cfgmigrate.pack import load_pack_text
from cfgmigrate.tempfiles import SUFFIX


def test_prefilter_counts_and_the_same_output_whatever_the_jobs(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    runs = {j: cli(root, "--dry-run", "--format", "json", "-j", j, "--no-cache") for j in ("1", "2", "3")}
    assert runs["1"].stdout == runs["2"].stdout == runs["3"].stdout
    assert runs["1"].exit_code == runs["2"].exit_code == runs["3"].exit_code == 0
    # 42 files: 14 configs and the loader change; the pack file mentions the key and is parsed too
    assert runs["2"].stderr == "cfgmigrate: 42 files scanned, 16 parsed, 15 would change (15 changes), 0 errors, 0 warnings\n"


def test_results_are_equal_values_in_discovery_order_across_jobs(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    packs = (load_pack_text(PACK, "pack.yaml"),)
    one, two = (api.plan(api.Settings(paths=(root,), packs=packs, root=root, jobs=j)) for j in (1, 2))
    assert one.results == two.results
    assert [r.path for r in two.results] == sorted(r.path for r in two.results)


def test_progress_reports_every_file_once_in_order(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 20)
    packs = (load_pack_text(PACK, "pack.yaml"),)
    seen: list[tuple[int, int]] = []
    api.plan(api.Settings(paths=(root,), packs=packs, root=root, jobs=2), lambda done, total: seen.append((done, total)))
    assert seen == [(i, 22) for i in range(1, 23)]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_never_under_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress.progress_bar() as update:
        assert update is None  # not a terminal: no bar, no rich import needed
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("NO_COLOR", "")
    with progress.progress_bar() as update:
        assert update is not None
        update(5, 10)
        update(10, 10)
    text = terminal.getvalue()
    assert "cfgmigrate" in text and "100%" in text
    assert re.findall(r"\x1b\[(?:3[0-8]|9[0-7])", text)  # SGR foreground colours
    monkeypatch.setenv("NO_COLOR", "1")  # rich's bar moves the cursor with escapes: none at all under NO_COLOR
    with progress.progress_bar() as update:
        assert update is None


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, runpy; sys.argv=['cfgmigrate','--help']\n"
        "try:\n    runpy.run_module('cfgmigrate', run_name='__main__')\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pydantic','libcst','ruamel','rich','torch','transformers','pathspec') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


OLD = "model:\n  torch_dtype: bf16\n" + "".join(f"k{j}: {'x' * 60}\n" for j in range(40))
NEW = OLD.replace("torch_dtype", "dtype")
FILES = 150


def _run(root: Path, fsync: str = "", kill_at: str = "") -> int:
    """``cfgmigrate apply`` over FILES old files; with ``kill_at``, the writer SIGKILLs itself there."""
    for i in range(FILES):
        (root / f"f{i:03}.yaml").write_text(OLD)
    cmd = [sys.executable, "-m", "cfgmigrate", "apply", "-j", "1", "--no-cache", "-r", "pack.yaml", "--root", ".", "."]
    env = {**os.environ, "CFGMIGRATE_FSYNC": fsync, "CFGMIGRATE_KILL_AT": kill_at}
    return subprocess.run(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=120).returncode


# (kill point, files new afterwards, temp files left): before any rename nothing is new; after the
# k-th rename k are, and the temp files of the others are left for the next run to remove
KILLS = [
    ("staged:1", 0, 1),
    (f"staged:{FILES}", 0, FILES),
    ("fsynced", 0, FILES),
    ("renamed:1", 1, FILES - 1),
    ("renamed:77", 77, FILES - 77),
    (f"renamed:{FILES - 1}", FILES - 1, 1),
]


@pytest.mark.parametrize("fsync", ["each", ""], ids=["fsync-each-file", "fsync-batched"])
def test_sigkill_at_each_point_of_the_write_leaves_every_file_entirely_old_or_new(tmp_path: Path, fsync: str) -> None:
    """The writer kills itself at set points (``CFGMIGRATE_KILL_AT``): between temp writes, after
    the fsync barrier, between renames. Each file is then old or new, exactly as many new as were
    renamed, and the next run finishes the job and removes the temp files the kill left."""
    (tmp_path / "pack.yaml").write_text(PACK)
    for point, renamed, left in KILLS:
        assert _run(tmp_path, fsync, point) == -signal.SIGKILL, point
        texts = [p.read_text() for p in sorted(tmp_path.glob("f*.yaml"))]
        temps = list(tmp_path.glob(f"*{SUFFIX}"))
        assert (len(texts), texts.count(NEW), texts.count(OLD), len(temps)) == (FILES, renamed, FILES - renamed, left), point
    assert _run(tmp_path, fsync) == 0
    assert {p.read_text() for p in tmp_path.glob("f*.yaml")} == {NEW}
    assert list(tmp_path.glob(f"*{SUFFIX}")) == []
