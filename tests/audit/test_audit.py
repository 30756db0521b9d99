"""`cfgmigrate audit` finds every discrepancy of seed audit 001 in a project shaped like the one it
describes (and nothing else), its emitted pack fixes them, and what it reports is exact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casefolders import invoke as run
from cfgmigrate.pack import load_pack_text

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parents[2] / "examples" / "pretraining"

# Seed 001, section by section: (kind, section, key). Its section 8 (the LR schedule) has no issues.
SEED_001 = {
    # 1. data: YAML dataset_name vs class/parser dataset; parser reads what the class lacks; YAML extras
    ("near-miss", "data", "dataset_name"),
    ("parser-reads-missing", "data", "num_workers"),
    ("parser-reads-missing", "data", "pin_memory"),
    ("unread-key", "data", "train_split"),  # the parser fills DataConfig and never reads them
    ("unread-key", "data", "val_split"),
    # 2. system: compile_mode, DDP settings, `distributed: true` where a section belongs, torch_dtype/dtype
    ("parser-reads-missing", "system.compile", "compile_mode"),
    ("parser-reads-missing", "system.distributed", "ddp_bucket_cap_mb"),
    ("parser-reads-missing", "system.distributed", "find_unused_parameters"),
    ("type-mismatch", "system.distributed", "distributed"),
    ("near-miss", "system.device", "torch_dtype"),
    # 3. checkpointer: five fields the parser reads
    ("parser-reads-missing", "checkpointer", "save_dir"),
    ("parser-reads-missing", "checkpointer", "save_interval"),
    ("parser-reads-missing", "checkpointer", "save_best"),
    ("parser-reads-missing", "checkpointer", "keep_last_n"),
    ("parser-reads-missing", "checkpointer", "resume_from"),
    # 4. evaluator: eval_only required, in no YAML, defaulted by the parser
    ("missing-required", "evaluator", "eval_only"),
    # 5. wandb: three vocabularies (use_wandb / wandb_log / enabled ...) and two missing fields
    ("near-miss", "wandb", "use_wandb"),
    ("near-miss", "wandb", "wandb_log"),
    ("near-miss", "wandb", "wandb_project"),
    ("near-miss", "wandb", "wandb_run_name"),
    ("parser-reads-missing", "wandb", "tags"),
    ("parser-reads-missing", "wandb", "log_model"),
    # 6. MoE (deepseek3.yaml)
    ("near-miss", "moe", "load_balancing_loss_weight"),
    ("unknown-key", "moe", "router_temperature"),
    ("unknown-key", "moe", "router_noise_scale"),
    # 7. MTP (deepseek3.yaml)
    ("near-miss", "mtp", "loss_weight"),
    ("unknown-key", "mtp", "warmup_steps"),
    # 9. training: seed at the root while the registry reads training.seed
    ("wrong-depth", "", "seed"),
}
# Beyond the seed's list: keys the parser subscripts that a config lacks (its loader raises
# KeyError), found by following how training_parser.py fills each class; the renames fix them.
KEY_ERRORS = {
    ("missing-key", "data", "dataset"),
    ("missing-key", "system.device", "dtype"),
    ("missing-key", "wandb", "enabled"),
    ("missing-key", "wandb", "project"),
}
SEED_001_LINKS = {
    "checkpointer": "pretraining/configs/training/checkpointer_configs.py::CheckpointerConfig",
    "data": "pretraining/configs/training/data_configs.py::DataConfig",
    "evaluator": "pretraining/configs/training/evaluator_configs.py::EvaluatorConfig",
    "lr": "pretraining/configs/training/lr_schedule_configs.py::LRScheduleConfig",
    "moe": "pretraining/configs/training/moe_configs.py::MoETrainingConfig",
    "mtp": "pretraining/configs/training/moe_configs.py::MTPTrainingConfig",
    "system.compile": "pretraining/configs/training/system_configs.py::TorchCompilationConfig",
    "system.device": "pretraining/configs/training/system_configs.py::DeviceConfig",
    "system.distributed": "pretraining/configs/training/system_configs.py::DistributedConfig",
    "wandb": "pretraining/configs/training/wandb_configs.py::WandbConfig",
}


def copy(name: str, tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / name, tmp_path / name)
    return tmp_path / name


def audit_json(root: Path, *args: str) -> tuple[int, dict]:
    r = run(["audit", "--root", ".", "--format", "json", *args, "."], root)
    return r.exit_code, json.loads(r.stdout)


def kinds(data: dict) -> set[tuple[str, str, str]]:
    return {(f["kind"], f["section"], f["key"]) for f in data["findings"]}


def test_audit_finds_every_discrepancy_of_seed_001_and_nothing_else() -> None:
    code, data = audit_json(FIXTURES / "seed001")
    assert code == 1
    assert kinds(data) - SEED_001 - KEY_ERRORS == set(), "false findings"
    assert (SEED_001 | KEY_ERRORS) - kinds(data) == set(), "missed"
    assert {link["section"]: link["class"] for link in data["links"]} == SEED_001_LINKS
    assert data["summary"] == {"findings": 38, "sections": 10}  # seed, distributed and the key errors: once per config


def test_findings_say_where_and_why() -> None:
    _, data = audit_json(FIXTURES / "seed001")
    by_key = {(f["key"], f["where"]): f for f in data["findings"]}
    seed = by_key["seed", "configs/gpt2_124m.yaml:2"]
    assert seed["message"] == "'seed' is at the root of configs/gpt2_124m.yaml but pretraining/registry.py:13 reads training.seed"
    assert seed["suggestion"] == {"move": "seed", "to": "training.seed"}
    dtype = by_key["torch_dtype", "configs/deepseek3.yaml:11"]
    assert (dtype["message"], dtype["confidence"]) == ("'torch_dtype' ~ 'dtype' (known synonyms)", 0.95)
    pin = by_key["pin_memory", "pretraining/training_parser.py:21"]
    assert pin["message"] == "the code reads 'pin_memory' but DataConfig has no such field"
    assert pin["suggestion"] == {"add": "data.pin_memory", "type": "bool", "default": True}  # the parser's default
    eval_only = by_key["eval_only", "pretraining/configs/training/evaluator_configs.py:8"]
    assert eval_only["suggestion"] == {"set_default": "evaluator.eval_only", "value": False}
    links = {link["section"]: link["evidence"] for link in data["links"]}
    assert links["mtp"] == "section name 'mtp' ~ MTPTrainingConfig, 1 near-miss of fields"


def test_emit_apply_audit_again_is_clean(tmp_path: Path) -> None:
    root = copy("seed001", tmp_path)
    run(["audit", "--root", ".", "--format", "json", "--emit-rules", "fixes.yaml", "."], root)
    text = (root / "fixes.yaml").read_text()
    load_pack_text(text, "fixes.yaml")  # what `cfgmigrate rules check` runs
    assert (
        '  "wandb": "pretraining/configs/training/wandb_configs.py::WandbConfig"  # built at pretraining/training_parser.py:47'
        " from wandb (first read pretraining/training_parser.py:48)"
    ) in text
    # below the threshold: distributed: true -> a section, and the moe/mtp sections that no code
    # fills (linked to their classes by name only)
    low = text.index("  # - id: type-mismatch-system-distributed-distributed")
    assert "# below the confidence threshold: uncomment if it is right\n" + text[low:].split("\n", 1)[0] in text
    assert "  # - id: near-miss-moe-load-balancing-loss-weight" in text
    assert text[low:].splitlines()[0:3] == [
        "  # - id: type-mismatch-system-distributed-distributed",
        '  #   map: "system.distributed"',
        '  #   values: {true: {"backend": "nccl"}}',
    ]
    reviewed = text.replace("\n  # - ", "\n  - ").replace("\n  #   ", "\n    ")  # a person accepts it
    (root / "fixes.yaml").write_text(reviewed)
    assert run(["rules", "check", "fixes.yaml"], root).exit_code == 0
    assert run(["apply", "--root", ".", "-r", "fixes.yaml", "."], root).exit_code == 0
    # what the pack cannot fix is left: the fields it added to DataConfig, the parser never passes
    code, after = audit_json(root)
    assert (code, after["summary"]) == (1, {"findings": 2, "sections": 10})
    assert [(f["kind"], f["where"], f["confidence"]) for f in after["findings"]] == [
        ("unread-key", "configs/gpt2_124m.yaml:6", 0.7),
        ("unread-key", "configs/gpt2_124m.yaml:7", 0.7),
    ]
    assert after["findings"][0]["message"] == (
        "no code reads data.train_split: the loader ignores it (the code reads data for DataConfig at pretraining/training_parser.py:17)"
    )


def test_type_mismatches_flags_and_their_fixes(tmp_path: Path) -> None:
    root = copy("types", tmp_path)
    code, data = audit_json(root, "--emit-rules", "fixes.yaml")
    assert code == 1
    assert [(f["kind"], f["where"], f["message"]) for f in data["findings"]] == [
        ("parser-reads-missing", "train/cli.py:8", "the code reads 'warmup_ratio' but OptimConfig has no such field"),
        ("type-mismatch", "configs/run.yaml:5", "fused: 'False' (str) where OptimConfig declares bool"),
        ("type-mismatch", "configs/run.yaml:3", "lr: 0 (int) where OptimConfig declares float"),
        ("type-mismatch", "configs/run.yaml:6", "steps: '100' (str) where OptimConfig declares int"),
        ("wrong-depth", "configs/run.yaml:1", "'seed' is at the root of configs/run.yaml but train/cli.py:9 reads training.seed"),
    ]
    assert run(["apply", "--root", ".", "-r", "fixes.yaml", "."], root).exit_code == 0
    assert (root / "configs/run.yaml").read_text() == (
        "optim:\n  lr: 0.0\n  weight_decay: 0.1\n  fused: false\n  steps: 100\ntraining:\n  max_steps: 10\n  seed: 7\n"
    )
    assert (root / "train/optim.py").read_text().endswith("    steps: int = 1000\n    warmup_ratio: float = 0.05\n")
    assert audit_json(root)[1]["findings"] == []


def test_the_pack_schema_wins_over_inference(tmp_path: Path) -> None:
    root = copy("types", tmp_path)
    (root / "train/optim.py").write_text(
        (root / "train/optim.py").read_text() + "\n\n@dataclass\nclass Sgd:\n    lr: float = 0.1\n"
    )
    (root / "bind.yaml").write_text('name: bind\nfiles: ["**/*"]\nschema:\n  optim: train/optim.py::Sgd\nrules: []\n')
    _, data = audit_json(root, "-r", "bind.yaml")
    assert data["links"] == [{"section": "optim", "class": "train/optim.py::Sgd", "evidence": "the pack's schema"}]
    assert ("unknown-key", "optim", "fused") in kinds(data)


def test_unreadable_files_are_errors_that_name_file_and_line(tmp_path: Path) -> None:
    root = copy("types", tmp_path)
    (root / "train/broken.py").write_text("def f(:\n")
    (root / "configs/bad.yaml").write_text("a: [1\n")
    r = run(["audit", "--root", ".", "--format", "json", "."], root)
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0].startswith("configs/bad.yaml: cannot parse: ")
    assert lines[1] == "train/broken.py:1: cannot parse: invalid syntax"
    assert len(json.loads(r.stdout)["findings"]) == 5  # the rest is still audited


def test_markdown_groups_findings_by_section() -> None:
    r = run(["audit", "--root", ".", "--format", "markdown", "."], FIXTURES / "types")
    assert r.stdout.splitlines()[5:12] == [
        "",
        "### `optim` (OptimConfig)",
        "",
        "| kind | where | finding | confidence |",
        "|---|---|---|---|",
        "| parser-reads-missing | `train/cli.py:8` | the code reads 'warmup_ratio' but OptimConfig has no such field | 1.00 |",
        "| type-mismatch | `configs/run.yaml:5` | fused: 'False' (str) where OptimConfig declares bool | 1.00 |",
    ]
    assert r.stdout.endswith("\n\n5 finding(s).\n")


def test_table_lists_sections_classes_and_findings() -> None:
    r = run(["audit", "--root", ".", "."], FIXTURES / "types")
    assert r.exit_code == 1
    assert (
        "│ optim   │ train/optim.py::OptimConfig │ section name 'optim' ~ OptimConfig, 4 of its 5 keys are fields │" in r.stdout
    )
    assert r.stdout.endswith("5 finding(s)\n")


@pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/pretraining is not in this checkout")
def test_the_example_project_reproduces_seed_001(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "p")
    (tmp_path / "p" / "migrate.yaml").unlink()  # audit finds the drift without the hand-written pack
    _, data = audit_json(tmp_path / "p")
    assert kinds(data) == SEED_001 | KEY_ERRORS  # the same parser, the same KeyErrors
