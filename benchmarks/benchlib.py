"""Shared by the benchmark scripts: alternated timed runs, medians and ratios, scratch copies.

Every contender runs once per round, in the same order, so that a machine that gets busier or
quieter during the run slows all of them alike; each figure is the median over the rounds, and
a ratio is one median over another. Besides wall time, each run's CPU time (user + system of the
command and every process it waited for: workers, threads) is recorded: on a machine shared with
other jobs, wall time swings with their load, CPU time much less.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
CFGMIGRATE = str(BIN / "cfgmigrate")


@dataclass
class Contender:
    """A command to time; ``prepare`` (untimed) runs before each timed run (a fresh copy)."""

    name: str
    command: Callable[[], list[str]]
    cwd: Callable[[], Path]
    prepare: Callable[[], None] = lambda: None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    last: subprocess.CompletedProcess[str] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def alternate(contenders: Sequence[Contender], rounds: int) -> None:
    """Run every contender once per round, in turn; a failing command stops the benchmark."""
    for _ in range(rounds):
        for c in contenders:
            c.prepare()
            before = _children_cpu()
            start = time.perf_counter()
            c.last = subprocess.run(c.command(), cwd=c.cwd(), capture_output=True, text=True, env=run_env())
            c.times.append(time.perf_counter() - start)
            c.cpu.append(_children_cpu() - before)
            if c.last.returncode not in (0, 1):
                sys.exit(f"{c.name} failed ({c.last.returncode}):\n{c.last.stderr[-2000:]}")


def run_env() -> dict[str, str]:
    """The environment for a timed command: this one, but Python may cache bytecode (an installed
    package is compiled when pip installs it; ``PYTHONDONTWRITEBYTECODE=1`` would compile every module
    from source on every run, a cost users do not pay)."""
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(contenders: Sequence[Contender], ratios: Sequence[tuple[str, str, str]]) -> None:
    """Medians (with the spread), then each ``(label, a, b)`` as median(a) / median(b), of wall
    time and of CPU time, and the median of the rounds' own wall-time ratios."""
    by_name = {c.name: c for c in contenders}
    for c in contenders:
        spread = ", ".join(f"{t:.2f}" for t in c.times)
        print(f"  {c.name:<30} wall median {c.median:7.3f} s (runs {spread})   CPU median {c.cpu_median:7.3f} s")
    for label, a, b in ratios:
        x, y = by_name[a], by_name[b]
        per_round = statistics.median(p / q for p, q in zip(x.times, y.times, strict=True))
        print(
            f"  {label}: wall {x.median / y.median:.2f} (per-round median {per_round:.2f}), CPU {x.cpu_median / y.cpu_median:.2f}"
        )


def fresh_copy(source: Path, dest: Path) -> Callable[[], None]:
    """A ``prepare`` that copies ``source`` to ``dest`` afresh, then ``sync``s: without it the copy's
    own writeback (its dirty pages, the new inodes and folders) lands in the timed run that follows.

    The previous copy is moved aside, not deleted (the scratch folder's owner removes it at the
    end): on an ext4 without a journal, such as this project's CI and benchmark machines, the inode
    allocator steps over every inode deleted in the last 60 s (360 s while its inode table block
    is dirty) in the group it allocates from (``recently_deleted()`` in ``fs/ext4/ialloc.c``), so
    deleting the last round's 449 files right before the timed run made each file the contender
    then created cost 0.3-0.7 ms of system time instead of 0.02 ms (``perf``: ``find_inode_bit``
    -> ``recently_deleted``). That is the benchmark's own churn, not a cost a run on a checkout pays;
    the contender's own rewrites of earlier rounds still count (``bench_yaml.py --scratch`` puts the
    copies elsewhere, a tmpfs for instance)."""
    moved = 0

    def prepare() -> None:
        nonlocal moved
        if dest.exists():
            moved += 1
            dest.rename(dest.with_name(f".{dest.name}.round-{moved}"))
        shutil.copytree(source, dest, symlinks=True)
        os.sync()

    return prepare
