"""Fault injection for `cfgmigrate apply`: SIGKILL at random moments, and a full disk.

Each file must end entirely old or entirely new (never a mix, never empty, never missing); a
killed run may leave temp files, which the next run must remove; the next run must finish the
job. A full disk (a small tmpfs, when this process may mount one) must refuse the files it cannot
write with an error and leave no temp file.

    python benchmarks/fault_injection.py --kills 30 --files 200 [--jobs 2] [--disk-runs 8]

Prints one line per trial and the totals (files tried, files lost, temp files left and removed).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACK = 'name: f\nfiles: ["**/*.yaml"]\nrules:\n  - id: lr\n    rename: "**.lr"\n    to: learning_rate\n'
OLD = "optim:\n  lr: 0.001  # base\n" + "".join(f"k{j:02}: {'v' * 61}\n" for j in range(60)) + "# " + "x" * 37 + "\n"
NEW = OLD.replace("  lr:", "  learning_rate:")  # 4,087 -> 4,098 bytes: a page more, so a full disk runs out


def project(root: Path, files: int) -> None:
    (root / "pack.yaml").write_text(PACK)
    for i in range(files):
        (root / f"c{i:04}.yaml").write_text(OLD)


def command(jobs: int) -> list[str]:
    return [sys.executable, "-m", "cfgmigrate", "apply", "-r", "pack.yaml", "--root", ".", "--no-cache", "-j", str(jobs), "."]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}


def census(root: Path, files: int) -> dict[str, int]:
    """How many files are old, new, or anything else (lost), and how many temp files lie around."""
    out = {"old": 0, "new": 0, "lost": 0, "temps": 0}
    for i in range(files):
        path = root / f"c{i:04}.yaml"
        text = path.read_text() if path.is_file() else None
        out["old" if text == OLD else "new" if text == NEW else "lost"] += 1
    out["temps"] = sum(1 for p in root.iterdir() if p.name.endswith(".cfgmigrate.tmp"))
    return out


def wait_for_first_write(root: Path, proc: subprocess.Popen[bytes]) -> float:
    """Until the run's first temp file appears (its writes start: staging, fsync, then renames)."""
    start = time.perf_counter()
    while proc.poll() is None and (root / "c0000.yaml").read_text() == OLD and not _any_temp(root):
        time.sleep(0.001)
    return time.perf_counter() - start


def _any_temp(root: Path) -> bool:
    with os.scandir(root) as entries:
        return any(e.name.endswith(".cfgmigrate.tmp") for e in entries)


def write_phase_seconds(files: int, jobs: int) -> tuple[float, float]:
    """How long an uninterrupted run takes, and how long its writes take (first write to exit)."""
    with tempfile.TemporaryDirectory() as tmp:
        project(Path(tmp), files)
        start = time.perf_counter()
        proc = subprocess.Popen(command(jobs), cwd=tmp, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_first_write(Path(tmp), proc)
        first = time.perf_counter()
        proc.wait()
        return time.perf_counter() - start, time.perf_counter() - first


def kill_trial(files: int, jobs: int, delay: float) -> dict[str, int]:
    """Start a run, SIGKILL it ``delay`` s after its first write, take stock, run again, take stock."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project(root, files)
        proc = subprocess.Popen(
            command(jobs), cwd=root, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_for_first_write(root, proc)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and any worker it started
        proc.wait()
        killed = census(root, files)
        again = subprocess.run(command(jobs), cwd=root, env=env(), capture_output=True, text=True)
        rerun = census(root, files)
        removed = again.stderr.count("a temp file left by a killed run")
        return {
            **{f"killed_{k}": v for k, v in killed.items()},
            **{f"rerun_{k}": v for k, v in rerun.items()},
            "removed": removed,
            "rerun_exit": again.returncode,
        }


def kills(n: int, files: int, jobs: int) -> None:
    full, writes = write_phase_seconds(files, jobs)
    print(f"uninterrupted run: {full:.2f} s for {files} files (-j {jobs}), of which writes {writes:.2f} s")
    totals = {"tried": 0, "lost": 0, "temps_left": 0, "removed": 0, "rerun_lost": 0, "rerun_temps": 0, "rerun_not_new": 0}
    rng = random.Random(20261201)
    for trial in range(n):
        delay = rng.uniform(0, writes)
        r = kill_trial(files, jobs, delay)
        totals["tried"] += files
        totals["lost"] += r["killed_lost"]
        totals["temps_left"] += r["killed_temps"]
        totals["removed"] += r["removed"]
        totals["rerun_lost"] += r["rerun_lost"]
        totals["rerun_temps"] += r["rerun_temps"]
        totals["rerun_not_new"] += files - r["rerun_new"]
        print(
            f"kill {trial:2} {delay:5.3f} s into the writes: {r['killed_new']:4} new {r['killed_old']:4} old "
            f"{r['killed_lost']} lost {r['killed_temps']} temp; rerun exit {r['rerun_exit']}, {r['rerun_new']} new, "
            f"removed {r['removed']} temp"
        )
    print("kills:", totals)


def mount_tmpfs(path: Path, size: int) -> bool:
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return r.returncode == 0


def disk_trial(files: int, jobs: int, free: int) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if not mount_tmpfs(root, 4 * 1024 * 1024):
            return {}
        try:
            project(root, files)
            st = os.statvfs(root)
            spare = st.f_bavail * st.f_frsize - free
            with open(root / ".filler", "wb") as f:  # git ignores nothing here: outside git, a dotfile
                f.write(b"\0" * max(0, spare))
            r = subprocess.run(command(jobs), cwd=root, env=env(), capture_output=True, text=True)
            c = census(root, files)
            return {**c, "exit": r.returncode, "enospc": r.stderr.count("No space left on device")}
        finally:
            subprocess.run(["umount", str(root)], capture_output=True)


def disks(n: int, files: int, jobs: int) -> None:
    totals = {"tried": 0, "new": 0, "old": 0, "lost": 0, "temps": 0, "enospc": 0}
    for trial in range(n):
        free = 4096 * trial * 7
        r = disk_trial(files, jobs, free)
        if not r:
            print("full disk: cannot mount a tmpfs here (needs root); skipped")
            return
        totals["tried"] += files
        for k in ("new", "old", "lost", "temps", "enospc"):
            totals[k] += r[k]
        print(
            f"disk {trial} ({free // 1024} KiB free): {r['new']} new {r['old']} old {r['lost']} lost {r['temps']} temp; "
            f"exit {r['exit']}, {r['enospc']} 'No space left' errors"
        )
    print("full disk:", totals)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=30)
    ap.add_argument("--disk-runs", type=int, default=8)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    kills(a.kills, a.files, a.jobs)
    disks(a.disk_runs, a.files, a.jobs)


if __name__ == "__main__":
    main()
