"""Each source of versions, read from files written here: the pins found, with file and line."""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from cfgmigrate.versions.checkout import read_checkout
from cfgmigrate.versions.conda import conda_to_pep440, read_environment
from cfgmigrate.versions.locks import read_lock
from cfgmigrate.versions.model import Source
from cfgmigrate.versions.project import judge
from cfgmigrate.versions.pyproject import poetry_to_pep440, read_pyproject
from cfgmigrate.versions.requirements_txt import read_requirements
from cfgmigrate.versions.setup_files import read_setup_cfg, read_setup_py

T = frozenset({"transformers"})


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)


def summary(pins) -> list[tuple[str, str, int, str]]:  # type: ignore[no-untyped-def]
    return [(p.specifier, p.path, p.line, p.marker) for p in pins]


def test_requirements_with_includes_markers_comments_and_continuations(tmp_path: Path) -> None:
    write(tmp_path, "requirements.txt", "# core\n-r requirements/base.txt\n--constraint=constraints.txt\ntorch  # any\n")
    write(tmp_path, "requirements/base.txt", "transformers>=4.45.0,<=4.52.4,!=4.46.* ; sys_platform != 'darwin'  # linux\n")
    write(tmp_path, "constraints.txt", "-r requirements.txt\ntransformers \\\n  ==4.51.3\n--index-url https://x\n")
    pins = read_requirements(tmp_path, "requirements.txt", T)
    assert summary(pins) == [
        (">=4.45.0,<=4.52.4,!=4.46.*", "requirements/base.txt", 1, 'sys_platform != "darwin"'),
        ("==4.51.3", "constraints.txt", 2, ""),
    ]


def test_pyproject_pep621_optional_groups_and_poetry(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "x"\ndependencies = [\n  "torch",\n  "transformers>=4.50",\n]\n'
        "[project.optional-dependencies]\ntrain = [\"Transformers[torch]==4.52.4; python_version >= '3.10'\"]\n"
        '[dependency-groups]\ndev = ["transformers<5"]\n'
        '[tool.poetry.dependencies]\npython = "^3.10"\ntransformers = "^4.52.1"\n'
        '[tool.poetry.group.gpu.dependencies]\ntransformers = {version = "~4.53", optional = true}\n',
    )
    assert summary(read_pyproject(tmp_path, "pyproject.toml", T)) == [
        (">=4.50", "pyproject.toml", 5, ""),
        ("==4.52.4", "pyproject.toml", 8, 'python_version >= "3.10"'),
        ("<5", "pyproject.toml", 10, ""),
        (">=4.52.1,<5", "pyproject.toml", 13, ""),
        (">=4.53,<4.54", "pyproject.toml", 15, ""),
    ]


def test_poetry_constraints_in_pep440() -> None:
    assert [poetry_to_pep440(c) for c in ("^0.2.3", "~1", "1.2.3", "*", ">=1.2 <2", "1.2.*")] == [
        ">=0.2.3,<0.3",
        ">=1,<2",
        "==1.2.3",
        "",
        ">=1.2,<2",
        "==1.2.*",
    ]


def test_setup_cfg_and_literal_setup_py(tmp_path: Path) -> None:
    write(
        tmp_path, "setup.cfg", "[metadata]\nname = x\n[options]\ninstall_requires =\n    numpy\n    transformers>=4.40  # pin\n"
    )
    write(
        tmp_path,
        "setup.py",
        "from setuptools import setup\nBASE = [\n    'transformers==4.44.0',\n]\n"
        "setup(name='x', install_requires=BASE + ['torch'], extras_require={'new': ['transformers>=4.56']})\n",
    )
    assert summary(read_setup_cfg(tmp_path, "setup.cfg", T)) == [(">=4.40", "setup.cfg", 6, "")]
    assert summary(read_setup_py(tmp_path, "setup.py", T)) == [("==4.44.0", "setup.py", 3, ""), (">=4.56", "setup.py", 5, "")]


def test_conda_environment_with_pip_section(tmp_path: Path) -> None:
    write(
        tmp_path,
        "environment.yml",
        "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - conda-forge::transformers=4.52\n  - pip:\n      - transformers==4.52.4\n",
    )
    assert summary(read_environment(tmp_path, "environment.yml", T)) == [
        ("==4.52.*", "environment.yml", 5, ""),
        ("==4.52.4", "environment.yml", 7, ""),
    ]
    assert [conda_to_pep440(s) for s in ("=1.2", ">=1.2, <2", "1.2.*", "==1.2.3", "1.2 py_0")] == [
        "==1.2.*",
        ">=1.2,<2",
        "==1.2.*",
        "==1.2.3",
        "==1.2",
    ]


def test_uv_and_poetry_locks(tmp_path: Path) -> None:
    write(
        tmp_path,
        "uv.lock",
        'version = 1\n\n[[package]]\nname = "torch"\nversion = "2.7.0"\n\n[[package]]\nname = "transformers"\nversion = "4.52.4"\n',
    )
    write(tmp_path, "poetry.lock", '[[package]]\nname = "Transformers"\nversion = "4.51.0"\n')
    assert summary(read_lock(tmp_path, "uv.lock", T)) == [("==4.52.4", "uv.lock", 8, "")]
    assert summary(read_lock(tmp_path, "poetry.lock", T)) == [("==4.51.0", "poetry.lock", 2, "")]


def test_submodule_checkout_read_through_its_version_file(tmp_path: Path) -> None:
    write(tmp_path, ".gitmodules", '[submodule "third_party/Megatron-LM"]\n\tpath = third_party/Megatron-LM\n\turl = https://x\n')
    write(
        tmp_path,
        "third_party/Megatron-LM/megatron/core/package_info.py",
        "MAJOR = 0\nMINOR = 13\nPATCH = 0\nPRE_RELEASE = 'rc0'\n",
    )
    [pin] = read_checkout(tmp_path, "third_party/Megatron-LM", frozenset({"megatron-core"}))
    assert (pin.specifier, pin.path, pin.line, pin.source) == (
        "==0.13.0rc0",
        "third_party/Megatron-LM/megatron/core/package_info.py",
        2,
        Source.CHECKOUT,
    )
    [judged] = judge(tmp_path, ["megatron-core"], {}, installed=lambda name: None)
    assert (judged.lowest, judged.source) == (Version("0.13.0rc0"), Source.CHECKOUT)


def test_precedence_declared_then_lock_then_installed_then_newest(tmp_path: Path) -> None:
    newest = {"transformers": Version("5.0.0")}
    [j] = judge(tmp_path, ["transformers"], newest, installed=lambda name: None)
    assert (j.source, j.lowest, j.note) == (
        Source.DEFAULT,
        Version("5.0.0"),
        "no pin found: judged at 5.0.0, the newest version the pack knows",
    )
    [j] = judge(tmp_path, ["transformers"], newest, installed=lambda name: "4.57.6")
    assert (j.source, j.lowest) == (Source.INSTALLED, Version("4.57.6"))
    assert "importlib.metadata" in j.note
    write(tmp_path, "uv.lock", '[[package]]\nname = "transformers"\nversion = "4.52.4"\n')
    [j] = judge(tmp_path, ["transformers"], newest, installed=lambda name: "4.57.6")
    assert (j.source, j.lowest) == (Source.LOCK, Version("4.52.4"))
    write(
        tmp_path,
        "requirements.txt",
        "transformers\ntransformers>=4.45,<=4.52.4; sys_platform != 'darwin'\ntransformers>=4.49,<=4.51.3; sys_platform == 'darwin'\n",
    )
    [j] = judge(tmp_path, ["transformers"], newest)
    assert (j.source, j.lowest, j.highest, j.lowest_pin.line) == (Source.DECLARED, Version("4.45"), Version("4.52.4"), 2)  # type: ignore[union-attr]
    [j] = judge(tmp_path, ["transformers"], newest, targets={"transformers": ">=5.1"})
    assert (j.source, j.lowest, j.highest) == (Source.TARGET, Version("5.1"), None)
