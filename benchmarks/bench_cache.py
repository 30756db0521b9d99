"""A scheduled run twice over the same checkout: cold (no cache) then warm (the content-hash
cache). Run by hand: ``python benchmarks/bench_cache.py REPO -r PACK.yaml [-j N]``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CFGMIGRATE = str(Path(sys.executable).parent / "cfgmigrate")


def run(repo: Path, pack: Path, jobs: int, cache_dir: str) -> tuple[float, dict[str, int]]:
    cmd = [CFGMIGRATE, "apply", "--dry-run", "--format", "json", "-j", str(jobs), "--root", ".", "-r", str(pack), "."]
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=os.environ | {"CFGMIGRATE_CACHE_DIR": cache_dir})
    return time.perf_counter() - start, json.loads(out.stdout)["summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("repo", type=Path)
    parser.add_argument("-r", "--rules", type=Path, required=True)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache_dir:
        for label in ("cold", "warm", "warm"):
            secs, s = run(args.repo.resolve(), args.rules.resolve(), args.jobs, cache_dir)
            print(
                f"{label}: {secs:.2f} s, {s['files_scanned']} scanned, {s['files_parsed']} parsed, {s['files_changed']} would change"
            )


if __name__ == "__main__":
    main()
