"""A run over part of a project never half-migrates a schema-bound setting: staged files only (a
real `pre-commit run` in a temporary git repository) or `apply PATH` on a subfolder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "pretraining"
WANDB = "pretraining/configs/training/wandb_configs.py"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "project"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "before")
    return repo


def test_apply_on_one_config_also_migrates_the_bound_class_and_the_other_configs(repo: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "cfgmigrate", "apply", "--check", "-r", "migrate.yaml", "configs/gpt2_124m.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "would change configs/deepseek3.yaml (10 changes)",
        "would change configs/gpt2_124m.yaml (8 changes)",
        f"would change {WANDB} (5 changes)",
    ]
    assert f"{WANDB}: note: migrated too: rules wandb-project, wandb-run-name also change configs/gpt2_124m.yaml" in r.stderr


def hooks_config(venv_bin: Path) -> str:
    """Our .pre-commit-hooks.yaml as a local repository whose entries run this checkout's cfgmigrate."""
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook in hooks:
        lines += [
            f"      - id: {hook['id']}",
            f"        name: {hook['name']}",
            f"        entry: {venv_bin}/{hook['entry']}",
            "        language: system",
            f"        types_or: [{', '.join(hook['types_or'])}]",
            f"        pass_filenames: {str(hook['pass_filenames']).lower()}",
            f"        require_serial: {str(hook['require_serial']).lower()}",
            "        args: [-r, migrate.yaml]",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_a_real_pre_commit_run_on_one_staged_config_never_half_migrates(repo: Path, tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    (repo / ".pre-commit-config.yaml").write_text(hooks_config(Path(sys.executable).parent))
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-qm", "hooks")
    config = repo / "configs" / "gpt2_124m.yaml"
    config.write_text(config.read_text() + "# tuned\n")
    git(repo, "add", "configs/gpt2_124m.yaml")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    run = [str(pre_commit), "run", "cfgmigrate-apply", "--color", "never"]
    done = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in done.stdout
    changed = subprocess.run(["git", "-C", str(repo), "diff", "--name-only"], capture_output=True, text=True).stdout.split()
    assert changed == ["configs/deepseek3.yaml", "configs/gpt2_124m.yaml", WANDB]
    assert "project: str" in (repo / WANDB).read_text() and "wandb_project" not in (repo / WANDB).read_text()
    git(repo, "add", "-u")
    check = subprocess.run(
        [str(pre_commit), "run", "cfgmigrate-check", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    pending = [line.split()[2] for line in check.stdout.splitlines() if line.startswith("would change ")]
    assert pending and not set(pending) & set(changed)  # other settings' migrations remain; these three are whole
