"""A small project for the repo-scale tests, and a CLI helper that runs inside it."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from cfgmigrate.cli import main

PACK = """\
name: s
files: ['**/*.yaml', '**/*.py']
rules:
  - id: dtype
    rename: '**.torch_dtype'
    to: dtype
  - id: kw
    rename: torch_dtype
    to: dtype
    calls: ['*.from_pretrained']
"""
LOADER = "from transformers import AutoModel\nAutoModel.from_pretrained('x', torch_dtype='auto')\n"


def make_repo(root: Path, n: int = 40) -> Path:
    """``n`` configs in five folders (every third has the old key), one loader, the pack."""
    (root / "pack.yaml").write_text(PACK)
    for i in range(n):
        sub = root / f"d{i % 5}"
        sub.mkdir(exist_ok=True)
        body = f"model:\n  torch_dtype: bf16   # {i}\n" if i % 3 == 0 else f"model:\n  dtype: fp32  # {i}\n"
        (sub / f"c{i}.yaml").write_text(body)
    (root / "load.py").write_text(LOADER)
    return root


def cli(root: Path, *args: str, paths: tuple[str, ...] = (".",)) -> Result:
    """``cfgmigrate apply -r pack.yaml --root . ARGS PATHS`` run in ``root``."""
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", "--root", ".", *args, *paths])
    finally:
        os.chdir(old)
