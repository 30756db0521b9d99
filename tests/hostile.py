"""Helpers for tests of hostile inputs: the CLI in a subprocess, so a hang or a crash is bounded
and seen as such (an in-process run would hang the test session or take it down)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RENAME_PACK = 'name: t\nfiles: ["**/*.yaml", "**/*.json"]\nrules:\n  - id: lr\n    rename: "**.lr"\n    to: learning_rate\n'


def cfgmigrate(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``cfgmigrate apply -r pack.yaml --root . ARGS .`` in ``root``, killed after ``timeout`` s."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "cfgmigrate", "apply", "-r", "pack.yaml", "--root", ".", *args, "."]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
