"""Precision on a project whose JSON files are mostly outputs (LatentWire's shape): a checkpoint's
`json.load` read at a document's root is held only against configs of that shape; a class with a
hand-written `__init__` is not judged by its fields; a dict subscripted under a section's name
is not a field the class lacks; a key at the root is not "at the wrong depth" in a file whose
section holds none of the keys the code reads there; a splatted section of none of the class's
fields is another thing of that name. What is left is real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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
            "(root) has no 'd_z': wire/diagnostics.py:9 reads it with [] for EncoderConfig.d_z, so loading raises KeyError"
            " (a key at the root: `add` writes keys into sections only, so no rule is written)",
        ),
        (
            "unread-key",
            "ckpt/config.json:3",
            0.7,
            "no code reads latent_len: the loader ignores it (the code reads (root) for EncoderConfig at wire/diagnostics.py:9)",
        ),
        (
            "call-unknown-field",
            "wire/evaluate.py:5",
            0.9,
            "wire/evaluate.py:5 passes 'torch_dtype', which LMConfig has no field for: TypeError when it runs;"
            " LMConfig.dtype ~ 'torch_dtype' (known synonyms)",
        ),
    ]
    assert data["findings"][1]["suggestion"] == {}
    assert data["findings"][3]["suggestion"] == {"rename": "torch_dtype", "to": "dtype", "calls": ["wire.models.LMConfig"]}


def builds(project: Path) -> str:
    """The judge: the project's own class, built by the project's own call."""
    code = "from wire.evaluate import wrapper\ntry:\n    print(wrapper('m', 'bfloat16'))\nexcept TypeError as e:\n    print(e)"
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True).stdout


def test_emitted_rules_fix_the_call_and_leave_the_json_files(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    assert builds(project) == "LMConfig.__init__() got an unexpected keyword argument 'torch_dtype'\n"
    assert invoke(["audit", "--root", ".", "--emit-rules", "fixes.yaml", "."], project).exit_code == 1
    pack = (project / "fixes.yaml").read_text()
    assert pack.split("rules:\n")[1].splitlines()[-4:] == [
        "  - id: call-unknown-field-torch-dtype",
        '    rename: "torch_dtype"',
        '    to: "dtype"',
        '    calls: ["wire.models.LMConfig"]',
    ]
    assert invoke(["apply", "--root", ".", "-r", "fixes.yaml", "."], project).exit_code == 0
    assert (
        (project / "wire" / "evaluate.py").read_text().endswith('LMConfig(model_id=model_id, device_map="auto", dtype=dtype)\n')
    )
    assert builds(project) == "LMConfig(model_id='m', dtype='bfloat16', device_map='auto')\n"
    for untouched in ("ckpt/config.json", "configs/smoke.json", "runs/r1/results.json"):
        assert (project / untouched).read_bytes() == (PROJECT / untouched).read_bytes()


def test_the_projects_loader_agrees_on_its_configs() -> None:
    r = invoke(["verify", "--format", "json", "--loader", "wire.config:TrainingConfig.from_json", "configs"], PROJECT)
    assert [(i["target"], i["ok"]) for i in json.loads(r.stdout)["items"]] == [
        ("configs/smoke.json -> wire.config:TrainingConfig.from_json", True)
    ]


def test_a_field_the_class_lacks_is_said_once_at_its_most_confident() -> None:
    from cfgmigrate.audit.findings import Finding
    from cfgmigrate.audit.run import _once

    by_name = Finding("parser-reads-missing", "baselines.adapter", "AdapterConfig", "d_z", "run.py:9", "m", {}, 0.6)
    coded = Finding("parser-reads-missing", "adapter", "AdapterConfig", "d_z", "run.py:9", "m", {}, 1.0)
    other = Finding("unknown-key", "adapter", "AdapterConfig", "x", "a.json:2", "m", {}, 0.6)
    assert _once([by_name, other, coded]) == [other, coded]
