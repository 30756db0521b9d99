"""Generated repositories for the campaign tests, and a CLI helper that runs ``cfgmigrate batch``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from cfgmigrate.cli import main

PACK = """\
name: campaign
files: ['**/*.yaml', '**/*.py']
rules:
  - id: dtype
    rename: '**.torch_dtype'
    to: dtype
  - id: kw
    rename: torch_dtype
    to: dtype
    calls: ['*.from_pretrained']
  - id: flash
    map: '**.use_flash_attention_2'
    to: attn_implementation
    values: {true: flash_attention_2, false: eager}
"""
LOADER = "from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained('x', torch_dtype='auto')\n"
GIT_ID = ("-c", "user.name=test", "-c", "user.email=test@example.com")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_repo(path: Path, i: int) -> Path:
    """Repository ``i``: a config (renamed in two of three), a loader (every fourth), an unmapped
    flag (every fifth: a leftover) and, in repository 7, a config that does not parse (an error)."""
    path.mkdir(parents=True)
    dtype_key = "dtype" if i % 3 == 2 else "torch_dtype"
    (path / "config.yaml").write_text(f"# repository {i}\nmodel:\n  {dtype_key}: bf16  # keep me\n  layers: {i}\n")
    if i % 4 == 0:
        (path / "train.py").write_text(LOADER)
    if i % 5 == 0:
        (path / "attn.yaml").write_text("model:\n  use_flash_attention_2: maybe\n")
    if i == 7:
        (path / "broken.yaml").write_text("torch_dtype: [bf16, fp32\n")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", f"repository {i}")
    return path


def make_campaign(root: Path, n: int) -> list[str]:
    """``n`` repositories: even ones as local folders, odd ones as ``file://`` URLs of bare repos."""
    locations = []
    for i in range(n):
        repo = make_repo(root / "src" / f"repo-{i:02d}", i)
        if i % 2:
            bare = root / "remote" / f"repo-{i:02d}.git"
            git(root, "clone", "-q", "--bare", str(repo), str(bare))
            locations.append(bare.as_uri())
        else:
            locations.append(str(repo))
    (root / "pack.yaml").write_text(PACK)
    (root / "repos.txt").write_text("# the campaign\n" + "\n".join(locations) + "\n")
    return locations


def batch(cwd: Path, *args: str) -> Result:
    """``cfgmigrate batch ARGS`` run in ``cwd`` (in this process: a test session's Ray is reused)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["batch", *args])
    finally:
        os.chdir(old)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the work folder of clones aside), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cfgmigrate-work" not in p.parts
    }
