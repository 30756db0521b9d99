"""`audit` follows how the code assembles configs: a section feeding several classes (through a
dict literal, a passthrough function, a splatted dict of reads), branches on a config value, and
findings per config file, each with the code line that backs it."""

from __future__ import annotations

import json
from pathlib import Path

from casefolders import invoke

PROJECT = Path(__file__).parent / "fixtures" / "assembly"


def audit(*paths: str) -> tuple[int, dict, str]:
    r = invoke(["audit", "--root", ".", "--format", "json", *(paths or (".",))], PROJECT)
    return r.exit_code, json.loads(r.stdout), r.stderr


def test_one_section_feeds_several_classes_and_the_code_says_where() -> None:
    _, data, _ = audit()
    assert [(link["section"], link["class"], link["evidence"]) for link in data["links"]] == [
        (
            "model.attention",
            "trainer/classes.py::BaseAttention",
            "built at trainer/parsers/model.py:8 from model.attention (first read trainer/parsers/model.py:6)",
        ),
        (
            "model.attention",
            "trainer/classes.py::GroupedAttention",
            "built at trainer/parsers/model.py:10 from model.attention (first read trainer/parsers/model.py:10)",
        ),
        (
            "model.norm",
            "trainer/classes.py::Norm",
            "built at trainer/parsers/model.py:15 from model.norm (first read trainer/parsers/model.py:15)",
        ),
        (
            "training",
            "trainer/classes.py::Batch",
            "built at trainer/parsers/training.py:5 from training (first read trainer/parsers/training.py:14)",
        ),
        (
            "training",
            "trainer/classes.py::Evaluator",
            "built at trainer/parsers/training.py:9 from training (first read trainer/parsers/training.py:9)",
        ),
        (
            "training",
            "trainer/classes.py::Loop",
            "built at trainer/parsers/training.py:13 from training (first read trainer/parsers/training.py:16)",
        ),
    ]


def test_findings_per_config_file_backed_by_the_code() -> None:
    code, data, stderr = audit()
    assert code == 1
    assert stderr == "temp2/: skipped (a scratch, temp or backup folder); name it to audit it\n"
    assert [(f["kind"], f["where"], f["confidence"], f["message"]) for f in data["findings"]] == [
        (
            "missing-key",
            "examples/debug/gpt2.yaml:3",
            1.0,
            "model.attention has no 'use_flash': trainer/parsers/model.py:6 reads it with [] for BaseAttention.use_flash, so loading raises KeyError",
        ),
        (
            "literal-mismatch",
            "examples/debug/gpt2.yaml:6",
            0.9,
            "model.norm.norm_type: 'layer_norm' is not one of Norm.norm_type's typing.Literal['layernorm', 'rmsnorm'] (trainer/classes.py:24)",
        ),
        (
            "enum-mismatch",
            "examples/debug/gpt2.yaml:2",
            1.0,
            "model.architecture: 'gpt-2' is not a value of Architecture ['gpt2', 'llama']: trainer/registry.py:10 converts it, so loading raises ValueError",
        ),
        (
            "unread-key",
            "examples/llama.yaml:14",
            0.7,
            "no code reads training.lr_warmup: the loader ignores it (the code reads training for Batch at trainer/parsers/training.py:5,"
            " Evaluator at trainer/parsers/training.py:9, Loop at trainer/parsers/training.py:13)",
        ),
        (
            "call-misses-field",
            "trainer/parsers/training.py:9",
            0.9,
            "trainer/parsers/training.py:9 builds Evaluator without its required field 'eval_only' (trainer/classes.py:37): TypeError when it runs",
        ),
    ]
    literal = data["findings"][1]
    assert literal["suggestion"] == {
        "map": "model.norm.norm_type",
        "values": {"layer_norm": "layernorm", "layernorm": "layernorm", "rmsnorm": "rmsnorm"},
    }


def test_a_scratch_folder_named_is_audited() -> None:
    _, data, stderr = audit("temp2", ".")
    assert stderr == ""
    assert any(link["class"] == "temp2/model.py::ModelArgs" for link in data["links"])
