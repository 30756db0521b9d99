"""The package as users install it: the sdist carries docs, tests, CHANGELOG and LICENSE; the wheel
built from it, installed the way pip installs (byte-compiled), passes `rules test` and runs `-p NAME`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", "dist", ".*_cache", ".hypothesis", ".venv")


def build(kind: str, source: Path, out: Path) -> Path:
    """``build_sdist``/``build_wheel`` of setuptools' PEP 517 backend, run in ``source``."""
    code = f"from setuptools import build_meta as b; print(b.build_{kind}({str(out)!r}))"
    r = subprocess.run([sys.executable, "-c", code], cwd=source, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return out / r.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pkg")
    shutil.copytree(ROOT, work / "src", ignore=LEFT_OUT, symlinks=True)
    return build("sdist", work / "src", work)


@pytest.mark.slow
def test_the_sdist_carries_docs_tests_changelog_and_license(sdist: Path) -> None:
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for wanted in ("LICENSE", "CHANGELOG.md", "README.md", "docs/reference.md", "docs/json-output.md", "tests/conftest.py"):
        assert wanted in names, wanted
    assert "rules/tests/transformers-v5/must-not-change/before/collate.py" in names
    assert not [n for n in names if "__pycache__" in n]


@pytest.mark.slow
def test_the_installed_wheel_passes_rules_test_and_applies_a_builtin_pack(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path, filter="data")
    [unpacked] = tmp_path.iterdir()
    wheel = build("wheel", unpacked, tmp_path)
    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)  # pip byte-compiles, as users' installs do
    assert list((site / "cfgmigrate" / "builtin_packs" / "tests").rglob("__pycache__"))
    env = os.environ | {"PYTHONPATH": str(site)}  # the installed copy, not this checkout
    project = tmp_path / "project"
    project.mkdir()
    (project / "config.json").write_text('{\n  "torch_dtype": "bfloat16"\n}\n')

    def cfgmigrate(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cfgmigrate", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
        )

    where = cfgmigrate("--version")
    assert where.returncode == 0
    tested = cfgmigrate("rules", "test")
    assert tested.returncode == 0, tested.stdout
    assert tested.stdout.splitlines()[-1].endswith(" passed, 0 failed")
    applied = cfgmigrate("apply", "-p", "transformers-v5", "--deprecations", ".")  # torch_dtype only warns (docs/versions.md)
    assert applied.returncode == 0, applied.stderr
    assert (project / "config.json").read_text() == '{\n  "dtype": "bfloat16"\n}\n'
    code = "import cfgmigrate; print(cfgmigrate.__file__)"
    origin = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True)
    assert origin.stdout.startswith(str(site))
