"""Precision on a project whose JSON files are mostly outputs (LatentWire's shape): a checkpoint's
`json.load` read at a document's root is held only against configs of that shape; a class with a
hand-written `__init__` is not judged by its fields; a dict subscripted under a section's name
is not a field the class lacks; a key at the root is not "at the wrong depth" in a file whose
section holds none of the keys the code reads there; a splatted section of none of the class's
fields is another thing of that name. What is left is real."""

from __future__ import annotations

import json
from pathlib import Path

from casefolders import invoke

PROJECT = Path(__file__).parent / "fixtures" / "outputs"


def test_only_what_the_code_backs() -> None:
    r = invoke(["audit", "--root", ".", "--format", "json", "."], PROJECT)
    data = json.loads(r.stdout)
    assert r.exit_code == 1
    assert [(link["section"], link["class"]) for link in data["links"]] == [
        ("", "wire/config.py::EncoderConfig"),
        ("encoder", "wire/config.py::EncoderConfig"),
        ("model", "wire/config.py::ModelConfig"),
    ]
    assert [(f["kind"], f["where"], f["confidence"], f["message"]) for f in data["findings"]] == [
        ("parser-reads-missing", "wire/diagnostics.py:9", 1.0, "the code reads 'd_model' but EncoderConfig has no such field"),
        (
            "missing-key",
            "ckpt/config.json:1",
            1.0,
            "(root) has no 'd_z': wire/diagnostics.py:9 reads it with [] for EncoderConfig.d_z, so loading raises KeyError",
        ),
        (
            "unread-key",
            "ckpt/config.json:3",
            0.7,
            "no code reads latent_len: the loader ignores it (the code reads (root) for EncoderConfig at wire/diagnostics.py:9)",
        ),
    ]


def test_the_projects_loader_agrees_on_its_configs() -> None:
    r = invoke(["verify", "--format", "json", "--loader", "wire.config:TrainingConfig.from_json", "configs"], PROJECT)
    assert [(i["target"], i["ok"]) for i in json.loads(r.stdout)["items"]] == [
        ("configs/smoke.json -> wire.config:TrainingConfig.from_json", True)
    ]
