"""Project configuration as users write it: `[tool.cfgmigrate]` in pyproject.toml or `.cfgmigrate.yaml`,
used by `cfgmigrate apply` with no -p/-r, flags adding to it, and every mistake named with its line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cfgmigrate.cli import main

PACK = """name: local
files: ["**/*.yaml"]
rules:
  - id: lr
    rename: "**.lr"
    to: learning_rate
"""
EXTRA = """name: extra
files: ["**/*.yaml"]
rules:
  - id: bs
    rename: "**.bs"
    to: batch_size
"""
PYPROJECT = """[project]
name = "demo"

[tool.cfgmigrate]
packs = ["transformers-v5"]
rules = ["migrations/pack.yaml"]
exclude = ["legacy/**"]
format = "json"
target = ["transformers==5.0"]
"""


def cfgmigrate(cwd: Path, *args: str) -> Result:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "pack.yaml").write_text(PACK)
    (tmp_path / "extra.yaml").write_text(EXTRA)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text("model:\n  torch_dtype: bf16\nlr: 1\nbs: 2\n")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.yaml").write_text("lr: 9\n")
    return tmp_path


def test_apply_without_flags_uses_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace('format = "json"\n', ""))
    r = cfgmigrate(project, "apply")
    assert r.exit_code == 0, r.output
    assert (project / "configs" / "a.yaml").read_text() == "model:\n  dtype: bf16\nlearning_rate: 1\nbs: 2\n"
    assert (project / "legacy" / "old.yaml").read_text() == "lr: 9\n"  # exclude


def test_flags_add_to_the_configuration_and_format_is_its_default(project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT)
    r = cfgmigrate(project / "configs", "apply", "--dry-run", "-r", "../extra.yaml", ".")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith('{\n  "version": 1,')  # format = "json" from the configuration
    assert '"renamed lr to learning_rate"' in r.stdout and '"renamed bs to batch_size"' in r.stdout
    assert '"renamed model.torch_dtype to dtype"' in r.stdout
    r = cfgmigrate(project / "configs", "apply", "--dry-run", "--format", "diff", "--no-config", "-r", "../extra.yaml", ".")
    assert (
        r.stdout
        == "diff --git a/configs/a.yaml b/configs/a.yaml\n--- a/configs/a.yaml\n+++ b/configs/a.yaml\n@@ -1,4 +1,4 @@\n model:\n   torch_dtype: bf16\n lr: 1\n-bs: 2\n+batch_size: 2\n"
    )


def test_cfgmigrate_yaml_takes_the_same_keys(project: Path) -> None:
    (project / ".cfgmigrate.yaml").write_text("rules: [migrations/pack.yaml, extra.yaml]\nexclude: ['legacy/**']\n")
    r = cfgmigrate(project, "apply", "--check")
    assert (r.exit_code, r.stdout) == (1, "would change configs/a.yaml (2 changes)\n")


def test_mistakes_in_the_configuration_name_file_line_and_the_closest_key(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.cfgmigrate]\npakcs = ["x"]\nformat = "jsno"\nexclude = "a"\n')
    r = cfgmigrate(project, "apply")
    assert r.exit_code == 2
    assert r.stderr == (
        "pyproject.toml:2: [tool.cfgmigrate]: unknown key `pakcs` (did you mean `packs`?)\n"
        "pyproject.toml:3: [tool.cfgmigrate]: `format` must be one of diff, json, markdown, sarif, github, not 'jsno' (did you mean `json`?)\n"
        "pyproject.toml:4: [tool.cfgmigrate]: `exclude` must be a list of strings\n"
    )
    (project / "pyproject.toml").unlink()
    (project / ".cfgmigrate.yaml").write_text("packs: [transformer-v5]\n")
    r = cfgmigrate(project, "apply")
    assert (r.exit_code, r.stderr) == (
        2,
        "transformer-v5: no built-in pack named 'transformer-v5' (did you mean 'transformers-v5'?)\n",
    )
    (project / ".cfgmigrate.yaml").write_text("rules: [nowhere.yaml\n")
    r = cfgmigrate(project, "apply")
    assert r.exit_code == 2 and r.stderr.startswith(".cfgmigrate.yaml:2: cannot parse: ")


def test_a_configuration_outside_the_work_tree_is_not_used(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT)
    inner = project / "sub"
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    (inner / "a.yaml").write_text("lr: 1\n")
    r = cfgmigrate(inner, "apply", ".")
    assert r.exit_code == 2
    assert "give at least one rule pack: -r FILE or -p NAME (or packs/rules in [tool.cfgmigrate])" in r.stderr


def test_target_is_carried_through_for_version_aware_rules(project: Path) -> None:
    from cfgmigrate.cli.project_options import merged

    (project / "pyproject.toml").write_text(PYPROJECT)
    options = merged(project / "configs", (), (), (), None)
    assert (options.target, options.pack_names, options.fmt) == (("transformers==5.0",), ("transformers-v5",), "json")
