"""--bump edits: each kind of pin raised in place, the rest of its file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from cfgmigrate.types import Status
from cfgmigrate.versions.bump import bump
from cfgmigrate.versions.project import declared_pins
from cfgmigrate.versions.raise_pin import raise_specifier

NEEDED = {"transformers": (Version("4.56.0"), "needed by r")}


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\npython = "^3.10"  # py\ntransformers = {version = "^4.52", extras = ["torch"]}  # hf\n',
            '[tool.poetry.dependencies]\npython = "^3.10"  # py\ntransformers = {version = ">=4.56.0,<5", extras = ["torch"]}  # hf\n',
        ),
        (
            "setup.py",
            "from setuptools import setup\nsetup(install_requires=[\n    'torch',\n    'transformers>=4.40,<4.53',  # tested\n])\n",
            "from setuptools import setup\nsetup(install_requires=[\n    'torch',\n    'transformers>=4.56.0',  # tested\n])\n",
        ),
        (
            "setup.cfg",
            "[options]\ninstall_requires =\n    transformers~=4.52  # pin\n",
            "[options]\ninstall_requires =\n    transformers~=4.56  # pin\n",
        ),
        (
            "environment.yml",
            "dependencies:\n  - python=3.11\n  - conda-forge::transformers=4.52  # conda\n  - pip:\n    - transformers==4.52.4\n",
            "dependencies:\n  - python=3.11\n  - conda-forge::transformers>=4.56.0  # conda\n  - pip:\n    - transformers==4.56.0\n",
        ),
    ],
)
def test_each_kind_of_pin_is_raised_in_place(tmp_path: Path, name: str, before: str, after: str) -> None:
    (tmp_path / name).write_text(before)
    [result] = bump(tmp_path, (), declared_pins(tmp_path, frozenset(NEEDED)), NEEDED)
    assert (result.path, result.status, result.new_text) == (name, Status.CHANGED, after)


def test_a_pin_already_high_enough_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("transformers>=4.57\n")
    assert bump(tmp_path, (), declared_pins(tmp_path, frozenset(NEEDED)), NEEDED) == ()


@pytest.mark.parametrize(
    ("spec", "raised"),
    [
        ("==4.52.4", "==4.56.0"),
        (">=4.45.0,<=4.52.4,!=4.46.*,!=4.55.0", ">=4.56.0"),
        (">4.40,<5,!=4.57.0", ">=4.56.0,<5,!=4.57.0"),
        ("==4.52.*", "==4.56.*"),
        ("<4.53", ">=4.56.0"),
        ("", ">=4.56.0"),
    ],
)
def test_raise_specifier(spec: str, raised: str) -> None:
    assert raise_specifier(spec, Version("4.56.0")) == raised
