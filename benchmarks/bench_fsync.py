"""The cost of the fsync policy: `api.write` of N changed files under each policy, in-process.

    python benchmarks/bench_fsync.py [--files 1000] [--rounds 5] [--dir DIR]

Policies: `each` (CFGMIGRATE_FSYNC=each: every temp file fsynced on its own before its rename, the
old behaviour), `batch` (the default: a batch's temp files fsynced together, then the renames, then
one fsync per folder), and `none` (os.fsync a no-op: the floor, not kill-safe against power loss).
Each round plans a fresh copy (untimed) and times the write alone; medians over the rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from cfgmigrate import api
from cfgmigrate.pack import load_pack_text

PACK = 'name: f\nfiles: ["**/*.yaml"]\nrules:\n  - id: lr\n    rename: "**.lr"\n    to: learning_rate\n'
TEXT = "optim:\n  lr: 0.001\n" + "".join(f"k{j}: {'v' * 50}\n" for j in range(40))


def make(root: Path, files: int) -> None:
    for i in range(files):
        folder = root / f"d{i // 100:03}"  # 100 files a folder, as in a configs/ tree
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"c{i:05}.yaml").write_text(TEXT)


def timed_write(source: Path, work: Path, policy: str) -> float:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(source, work)
    pack = load_pack_text(PACK, "pack.yaml")
    plan = api.plan(api.Settings(paths=(work,), packs=(pack,), root=work, jobs=1))
    os.sync()  # start each timing with nothing else of ours dirty
    env = {"CFGMIGRATE_FSYNC": "each"} if policy == "each" else {}
    with mock.patch.dict(os.environ, env), mock.patch.object(os, "fsync", lambda fd: None) if policy == "none" else _null():
        start = time.perf_counter()
        written = api.write(plan)
        elapsed = time.perf_counter() - start
    assert written.summary.files_changed == len(list(source.rglob("*.yaml"))) and not written.summary.errors
    return elapsed


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *a: object) -> None:
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", type=Path, default=None, help="where to write (default: the system temp folder)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=a.dir) as tmp:
        source, work = Path(tmp) / "source", Path(tmp) / "work"
        make(source, a.files)
        times: dict[str, list[float]] = {"each": [], "batch": [], "none": []}
        for _ in range(a.rounds):
            for policy in times:
                times[policy].append(timed_write(source, work, policy))
    med = {p: statistics.median(t) for p, t in times.items()}
    for p, t in times.items():
        print(f"  {p:<6} median {med[p]:6.3f} s   runs: {', '.join(f'{x:.3f}' for x in t)}")
    print(f"  each / batch: {med['each'] / med['batch']:.2f}   batch - none: {med['batch'] - med['none']:.3f} s")


if __name__ == "__main__":
    main()
