"""Engines are imported only when needed: the pack check asks only the engines that may refuse a
rule's operation (``MAY_REFUSE``) and, in table order, those up to the first that acts; the engine
of a kind of file is imported when a file of that kind is processed. The table written out in
``cfgmigrate/engines/__init__.py`` must match the engines' own ``answers``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cfgmigrate import engines
from cfgmigrate.engines import ENGINE_TABLE, MAY_REFUSE
from cfgmigrate.engines.base import Refuses
from cfgmigrate.errors import PackError
from cfgmigrate.ops import REGISTRY
from cfgmigrate.pack import load_pack, load_pack_text

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("libcst", "tomlkit", "nbformat", "tree_sitter", "tree_sitter_bash")
OTHER_ENGINES = (
    "cfgmigrate.engines.python",
    "cfgmigrate.engines.toml",
    "cfgmigrate.engines.shell",
    "cfgmigrate.engines.notebook",
)


def test_may_refuse_is_the_engines_own_refusals() -> None:
    refusing: dict[str, set[str]] = {op: set() for op in REGISTRY}
    for ref in set(ENGINE_TABLE.values()):
        for op, answer in engines._engine(ref).answers.items():
            if isinstance(answer, Refuses):
                refusing[op].add(ref)
    assert {op: set(refs) for op, refs in MAY_REFUSE.items()} == refusing, (
        "an engine's answers table changed: update MAY_REFUSE in cfgmigrate/engines/__init__.py"
    )


def _packs() -> list[Path]:
    return sorted([*ROOT.glob("tests/cases/*/pack.yaml"), *ROOT.glob("rules/*.yaml")])


@pytest.mark.parametrize("pack_path", _packs(), ids=lambda p: p.parent.name if p.name == "pack.yaml" else p.stem)
def test_an_engine_refuses_only_through_a_refuses_row(pack_path: Path) -> None:
    """The shortcut is sound only if no ``verdict`` method refuses outside its table's Refuses rows."""
    try:
        pack = load_pack(pack_path)
    except PackError:
        return  # a case whose pack must fail to load
    for rule in pack.rules:
        for ref in set(ENGINE_TABLE.values()):
            if engines._engine(ref).verdict(rule, pack).kind == "refuses":
                assert ref in MAY_REFUSE[rule.op], (ref, rule.id)


def test_a_refusal_is_still_found_and_worded_as_before() -> None:
    pack = "name: p\nfiles: ['**/*.toml']\nrules:\n  - id: cp\n    copy: a.b\n    to: c.b\n"
    with pytest.raises(PackError) as e:
        load_pack_text(pack, "p.yaml")
    assert "the TOML engine cannot copy keys (yet)" in str(e.value)


RUN = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "cfgmigrate"
from cfgmigrate.cli import main
main()
"""


def run_cli(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.json"
    r = subprocess.run(
        [sys.executable, "-c", RUN, str(out), "apply", "--no-cache", "-j", "1", *args],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    return r, set(json.loads(out.read_text()))


def test_a_yaml_only_run_imports_no_other_engine(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "configs").mkdir(parents=True)
    (project / "configs" / "a.yaml").write_text("output_dir: /tmp/x\nlog: ${output_dir}/log\n")
    (project / "pack.yaml").write_text("name: p\nrules:\n  - id: key\n    rename: '**.output_dir'\n    to: save_dir\n")
    r, modules = run_cli(tmp_path, "--root", ".", "-r", "pack.yaml", ".")
    assert r.returncode == 0, r.stderr
    assert (project / "configs" / "a.yaml").read_text() == "save_dir: /tmp/x\nlog: ${save_dir}/log\n"
    assert "cfgmigrate.engines.yaml_engine" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
    assert [m for m in modules if m.startswith(OTHER_ENGINES)] == []


NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["from transformers import AutoModel\n", 'model = AutoModel.from_pretrained("m", torch_dtype="auto")'],
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_a_project_with_a_notebook_still_gets_its_notebook_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "nb.ipynb").write_text(json.dumps(NOTEBOOK, indent=1) + "\n")
    (project / "a.yaml").write_text("torch_dtype: auto\n")
    (project / "pack.yaml").write_text(
        "name: p\nfiles: ['**/*.ipynb', '**/*.yaml']\nrules:\n"
        "  - id: dtype\n    rename: torch_dtype\n    to: dtype\n    calls: ['*.from_pretrained']\n"
        "  - id: key\n    rename: torch_dtype\n    to: dtype\n"
    )
    r, modules = run_cli(tmp_path, "--root", ".", "-r", "pack.yaml", ".")
    assert r.returncode == 0, r.stderr
    assert 'from_pretrained(\\"m\\", dtype=\\"auto\\")' in (project / "nb.ipynb").read_text()
    assert (project / "a.yaml").read_text() == "dtype: auto\n"
    assert "cfgmigrate.engines.notebook" in modules
