"""Shared by the benchmark scripts: alternated timed runs, medians and ratios, scratch copies.

Every contender runs once per round, in the same order, so that a machine that gets busier or
quieter during the run slows all of them alike; each figure is the median over the rounds, and
a ratio is one median over another.
"""

from __future__ import annotations

import os
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
    last: subprocess.CompletedProcess[str] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def alternate(contenders: Sequence[Contender], rounds: int) -> None:
    """Run every contender once per round, in turn; a failing command stops the benchmark."""
    for _ in range(rounds):
        for c in contenders:
            c.prepare()
            start = time.perf_counter()
            c.last = subprocess.run(c.command(), cwd=c.cwd(), capture_output=True, text=True, env=os.environ.copy())
            c.times.append(time.perf_counter() - start)
            if c.last.returncode not in (0, 1):
                sys.exit(f"{c.name} failed ({c.last.returncode}):\n{c.last.stderr[-2000:]}")


def report(contenders: Sequence[Contender], ratios: Sequence[tuple[str, str, str]]) -> None:
    """Medians (with the spread), then each ``(label, a, b)`` as median(a) / median(b)."""
    by_name = {c.name: c for c in contenders}
    for c in contenders:
        spread = ", ".join(f"{t:.2f}" for t in c.times)
        print(f"  {c.name:<34} median {c.median:6.3f} s   runs: {spread}")
    for label, a, b in ratios:
        print(f"  {label}: {by_name[a].median / by_name[b].median:.2f}")


def fresh_copy(source: Path, dest: Path) -> Callable[[], None]:
    def prepare() -> None:
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(source, dest, symlinks=True)

    return prepare
