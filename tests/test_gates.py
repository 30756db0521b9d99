"""The code gates run with the tests: ruff (lint and format) and mypy --strict on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "cfgmigrate", "tests", "benchmarks"],
        ["ruff", "format", "--check", "cfgmigrate", "tests", "benchmarks"],
        ["mypy", "cfgmigrate"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_gate(command: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
