"""Start-up cost of ``cfgmigrate --help`` against ``python -c "import click"`` (the target: at most
3x). Run by hand: ``python benchmarks/bench_startup.py [-n 21]``; prints the medians."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CFGMIGRATE = str(Path(sys.executable).parent / "cfgmigrate")


def median_seconds(cmd: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=21, help="runs per command (the median is reported)")
    n = parser.parse_args().n
    click = median_seconds([sys.executable, "-c", "import click"], n)
    help_ = median_seconds([CFGMIGRATE, "--help"], n)
    apply_help = median_seconds([CFGMIGRATE, "apply", "--help"], n)
    print(f'python -c "import click": {click * 1000:.0f} ms')
    print(f"cfgmigrate --help: {help_ * 1000:.0f} ms ({help_ / click:.2f}x)")
    print(f"cfgmigrate apply --help: {apply_help * 1000:.0f} ms ({apply_help / click:.2f}x)")


if __name__ == "__main__":
    main()
