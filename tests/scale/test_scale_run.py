"""A run over many files: prefilter counts, the same output whatever -j is, progress reports,
start-up imports, and writes that SIGKILL cannot leave half done."""

from __future__ import annotations

import io
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scale_repo import PACK, cli, make_repo

from cfgmigrate import api, progress
from cfgmigrate.pack import load_pack_text


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


def _start(root: Path, fsync: str = "") -> subprocess.Popen[bytes]:
    for i in range(FILES):
        (root / f"f{i:03}.yaml").write_text(OLD)
    cmd = [sys.executable, "-m", "cfgmigrate", "apply", "-j", "1", "--no-cache", "-r", "pack.yaml", "--root", ".", "."]
    env = {**os.environ, "CFGMIGRATE_FSYNC": fsync} if fsync else None
    return subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _wait_for_first_write(root: Path, proc: subprocess.Popen[bytes]) -> float:
    while (root / "f000.yaml").read_text() == OLD and proc.poll() is None:
        time.sleep(0.001)
    return time.monotonic()


@pytest.mark.parametrize("fsync", ["each", ""], ids=["fsync-each-file", "fsync-batched"])
def test_sigkill_at_random_moments_leaves_every_file_entirely_old_or_new(tmp_path: Path, fsync: str) -> None:
    """Under both fsync policies a kill leaves each file old or new. The per-file policy has a long
    write phase, so the kills must land inside it (mixed trees); the batched default renames a
    batch in one burst after its fsync, so there a mixed tree is not required."""
    (tmp_path / "pack.yaml").write_text(PACK)
    calibration = _start(tmp_path, fsync)
    writes_began = _wait_for_first_write(tmp_path, calibration)
    assert calibration.wait() == 0
    write_phase = time.monotonic() - writes_began
    rng, mixed, kills = random.Random(20240611), 0, 0
    while kills < 5 or (fsync == "each" and mixed < 2 and kills < 20):  # up to 20 kills to see 2 land mid-write
        kills += 1
        proc = _start(tmp_path, fsync)
        _wait_for_first_write(tmp_path, proc)
        time.sleep(rng.uniform(0, 0.8 * write_phase))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        texts = [p.read_text() for p in sorted(tmp_path.glob("f*.yaml"))]
        assert set(texts) <= {OLD, NEW}
        mixed += OLD in texts and NEW in texts
    if fsync == "each":
        assert mixed >= 2, f"the kills should land while files are being written ({mixed} of {kills} did)"
