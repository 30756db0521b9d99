"""A key the loader subscripts that a config lacks: audit emits an `add` that writes it into the
configs (`default:`, `configs: true`), with the class's default; for a field without a default,
the value all other configs give it, commented out for a person to confirm. The project's own
loader judges before and after."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casefolders import invoke

FIXTURE = Path(__file__).parent / "fixtures" / "keyerror"
LOADER = ["verify", "--format", "json", "--loader", "kfapp.loader:load", "configs"]

PACK = """\
# Written by `cfgmigrate audit --emit-rules`: review, then `cfgmigrate apply -r fixes.yaml`.
name: fixes
description: Fixes for the drift cfgmigrate audit found
files: ["**/*.json", "**/*.py"]
schema:
  "attention": "kfapp/classes.py::Attention"  # built at kfapp/loader.py:10 from attention (first read kfapp/loader.py:10)
rules:
  # missing-key at configs/b.json:1: attention has no 'dropout': kfapp/loader.py:10 reads it with [] for Attention.dropout, so loading raises KeyError (confidence 1.00)
  - id: missing-key-attention-dropout
    add: "attention.dropout"
    default: 0.0
    configs: true
    files: ["configs/b.json", "configs/c.json"]
  # missing-key at configs/c.json:1: attention has no 'use_flash': kfapp/loader.py:10 reads it with [] for Attention.use_flash, so loading raises KeyError; Attention.use_flash has no default, the other configs all set True (2) (confidence 0.60)
  # below the confidence threshold: uncomment if it is right
  # - id: missing-key-attention-use-flash
  #   add: "attention.use_flash"
  #   default: true
  #   configs: true
  #   files: ["configs/c.json"]
"""


def loads(project: Path) -> list[tuple[str, bool]]:
    r = invoke(LOADER, project)
    return [(i["target"].split(" ")[0], i["ok"]) for i in json.loads(r.stdout)["items"]]


def test_emitted_add_writes_the_missing_keys_and_the_loader_agrees(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    assert loads(project) == [("configs/a.json", True), ("configs/b.json", False), ("configs/c.json", False)]

    r = invoke(["audit", "--root", ".", "--emit-rules", "fixes.yaml", "configs", "kfapp"], project)
    assert r.exit_code == 1
    assert (project / "fixes.yaml").read_text() == PACK
    assert invoke(["rules", "check", "fixes.yaml"], project).exit_code == 0

    assert invoke(["apply", "--root", ".", "-r", "fixes.yaml", "configs", "kfapp"], project).exit_code == 0
    assert (project / "configs" / "a.json").read_text() == '{"attention": {"num_heads": 2, "use_flash": true, "dropout": 0.1}}\n'
    assert (project / "configs" / "b.json").read_text() == '{"attention": {"num_heads": 2, "use_flash": true, "dropout": 0.0}}\n'
    assert (project / "configs" / "c.json").read_text() == '{"attention": {"num_heads": 4, "dropout": 0.0}}\n'
    assert (project / "kfapp" / "classes.py").read_bytes() == (FIXTURE / "kfapp" / "classes.py").read_bytes()
    assert loads(project) == [("configs/a.json", True), ("configs/b.json", True), ("configs/c.json", False)]

    # the person confirms the commented-out rule
    text = (
        (project / "fixes.yaml")
        .read_text()
        .replace("  # - id: missing-key-attention-use-flash", "  - id: missing-key-attention-use-flash")
    )
    text = text.replace("  #   ", "    ")
    (project / "fixes.yaml").write_text(text)
    assert invoke(["apply", "--root", ".", "-r", "fixes.yaml", "configs", "kfapp"], project).exit_code == 0
    assert (project / "configs" / "c.json").read_text() == '{"attention": {"num_heads": 4, "dropout": 0.0, "use_flash": true}}\n'
    assert loads(project) == [("configs/a.json", True), ("configs/b.json", True), ("configs/c.json", True)]


def test_no_suggestion_when_the_configs_disagree(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    (project / "configs" / "b.json").write_text('{"attention": {"num_heads": 2, "use_flash": false, "dropout": 0.0}}\n')
    r = invoke(["audit", "--root", ".", "--format", "json", "configs", "kfapp"], project)
    [finding] = [f for f in json.loads(r.stdout)["findings"] if f["key"] == "use_flash"]
    assert (finding["where"], finding["confidence"], finding["suggestion"]) == ("configs/c.json:1", 1.0, {})
    assert finding["message"].endswith("Attention.use_flash has no default and the other configs disagree: True (1), False (1)")
