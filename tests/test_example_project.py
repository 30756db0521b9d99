"""The README's first command: the example pack over the example project, end to end."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from casefolders import invoke as run

EXAMPLE = Path(__file__).parents[1] / "examples" / "pretraining"
EXPECTED_DIFF = Path(__file__).parent / "example_project.diff"  # reviewed by hand; regenerate only on purpose


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_then_apply_then_nothing_left(tmp_path: Path) -> None:
    project = tmp_path / "pretraining"
    shutil.copytree(EXAMPLE, project)
    r = run(["apply", "--dry-run", "--root", ".", "-r", "migrate.yaml", "."], project)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "cfgmigrate: 13 files scanned, 9 parsed, 8 would change (39 changes), 0 errors, 0 warnings\n"
    assert r.stdout == EXPECTED_DIFF.read_text()
    changed = sorted(line.split(" b/")[1] for line in r.stdout.splitlines() if line.startswith("diff --git"))
    assert changed == [
        "configs/deepseek3.yaml",
        "configs/gpt2_124m.yaml",
        "pretraining/configs/training/checkpointer_configs.py",
        "pretraining/configs/training/data_configs.py",
        "pretraining/configs/training/evaluator_configs.py",
        "pretraining/configs/training/moe_configs.py",
        "pretraining/configs/training/system_configs.py",
        "pretraining/configs/training/wandb_configs.py",
    ]
    assert run(["apply", "--root", ".", "-r", "migrate.yaml", "."], project).exit_code == 0
    assert run(["apply", "--check", "--root", ".", "-r", "migrate.yaml", "."], project).exit_code == 0
    deepseek = (project / "configs" / "deepseek3.yaml").read_text()
    assert "  # random seed for data order and init\n  seed: 42\n" in deepseek
    assert "    dtype: bfloat16\n" in deepseek
    expected = tmp_path / "expected"
    shutil.copytree(EXAMPLE, expected)
    subprocess.run(["git", "apply", "--unsafe-paths", str(EXPECTED_DIFF)], cwd=expected, check=True)
    assert tree(project) == tree(expected), "apply wrote what the dry run showed, and nothing else"
    for py in project.rglob("*.py"):
        compile(py.read_text(), str(py), "exec")
