"""The writer alone: ``writer.write_all`` of every YAML file under a folder, each with a key renamed
in its text, on a fresh copy each round; this checkout against ``--baseline DIR`` (a ``git archive
REV cfgmigrate | tar -x -C DIR`` of an earlier revision), alternated round by round.

    python benchmarks/bench_writer.py /work/repos/bench-yaml [--baseline /tmp/base] [--rounds 5] [--scratch DIR]

Each round runs a child Python per revision that copies the folder into the scratch folder (``sync``
after, untimed), builds the writes (untimed), and times ``write_all`` alone: the fsync policy's cost
and the writer's own, without planning. Printed: the median wall and CPU time (the child's own
threads included) per revision, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import run_env

CHILD = r"""
import json, os, shutil, sys, time
from pathlib import Path
from cfgmigrate import writer
source, dest, key, to = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
shutil.copytree(source, dest, symlinks=True)
os.sync()
writes = []
for path in sorted(dest.rglob("*.y*ml")):
    data = path.read_bytes()
    if key in data:
        writes.append(writer.Write(path, data.replace(key, to), writer.digest(data)))
cpu, start = time.process_time(), time.perf_counter()
problems = writer.write_all(writes, dest)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "files": len(writes), "failed": sum(p is not None for p in problems)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--baseline", type=Path, help="an earlier revision's package folder's parent")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--key", default="output_dir")
    ap.add_argument("--to", default="save_dir")
    ap.add_argument("--scratch", type=Path, help="where the copies go (default: a new folder in the temp folder)")
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    revisions = {"this checkout": here, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    scratch = Path(tempfile.mkdtemp(prefix="bench-writer-", dir=args.scratch))
    results: dict[str, list[dict[str, float]]] = {name: [] for name in revisions}
    for round_ in range(args.rounds):
        order = list(revisions.items()) if round_ % 2 == 0 else list(revisions.items())[::-1]
        for name, code in order:
            dest = scratch / f"{name.replace(' ', '-')}-{round_}"  # never deleted during the run: see benchlib.fresh_copy
            env = {**run_env(), "PYTHONPATH": str(code)}
            cmd = [sys.executable, "-c", CHILD, str(args.folder), str(dest), args.key, args.to]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=scratch)
            results[name].append(json.loads(out.stdout))
    print(
        f"write_all over {args.folder} ({results['this checkout'][0]['files']} files), {args.rounds} rounds, copies in {scratch}"
    )
    for name, runs in results.items():
        wall, cpu = (statistics.median(r[k] for r in runs) for k in ("wall", "cpu"))
        failed = sum(int(r["failed"]) for r in runs)
        spread = ", ".join(f"{r['wall']:.3f}" for r in runs)
        print(f"  {name:<14} wall median {wall:.3f} s (runs {spread})  CPU median {cpu:.3f} s  failed {failed}")
    if args.baseline:
        ours, theirs = (statistics.median(r["wall"] for r in results[n]) for n in ("this checkout", "baseline"))
        print(f"  baseline / this checkout: wall {theirs / ours:.2f}")
    print(f"  (the copies are left in {scratch}: remove it when done)")


if __name__ == "__main__":
    main()
