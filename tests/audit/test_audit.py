"""`cfgmigrate audit` finds every discrepancy of seed audit 001 in the example project (and nothing
else), its emitted pack fixes them, and `compare` reports a seed-000-shaped pair exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casefolders import invoke as run
from cfgmigrate.pack import load_pack_text

EXAMPLE = Path(__file__).parents[2] / "examples" / "pretraining"
FIXTURES = Path(__file__).parent / "fixtures"

# Seed 001, item by item: (kind, section, key)
SEED_001 = {
    ("near-miss", "data", "dataset_name"),  # YAML dataset_name, class/parser dataset
    ("parser-reads-missing", "data", "num_workers"),
    ("parser-reads-missing", "data", "pin_memory"),
    ("unknown-key", "data", "train_split"),
    ("unknown-key", "data", "val_split"),
    ("parser-reads-missing", "system.compile", "compile_mode"),
    ("parser-reads-missing", "system.distributed", "ddp_bucket_cap_mb"),
    ("parser-reads-missing", "system.distributed", "find_unused_parameters"),
    ("type-mismatch", "system.distributed", "distributed"),  # `distributed: true` vs a config section
    ("near-miss", "system.device", "torch_dtype"),
    ("parser-reads-missing", "checkpointer", "save_dir"),
    ("parser-reads-missing", "checkpointer", "save_interval"),
    ("parser-reads-missing", "checkpointer", "save_best"),
    ("parser-reads-missing", "checkpointer", "keep_last_n"),
    ("parser-reads-missing", "checkpointer", "resume_from"),
    ("missing-required", "evaluator", "eval_only"),
    ("near-miss", "wandb", "use_wandb"),
    ("near-miss", "wandb", "wandb_log"),
    ("near-miss", "wandb", "wandb_project"),
    ("near-miss", "wandb", "wandb_run_name"),
    ("parser-reads-missing", "wandb", "tags"),
    ("parser-reads-missing", "wandb", "log_model"),
    ("near-miss", "moe", "load_balancing_loss_weight"),
    ("unknown-key", "moe", "router_temperature"),
    ("unknown-key", "moe", "router_noise_scale"),
    ("near-miss", "mtp", "loss_weight"),
    ("unknown-key", "mtp", "warmup_steps"),
    ("wrong-depth", "", "seed"),  # at the root, read as training.seed by the registry
}


def project(tmp_path: Path) -> Path:
    root = tmp_path / "pretraining"
    shutil.copytree(EXAMPLE, root)
    (root / "migrate.yaml").unlink()  # audit finds the drift without the hand-written pack
    return root


def findings(root: Path) -> tuple[int, dict]:
    r = run(["audit", "--root", ".", "--format", "json", "."], root)
    return r.exit_code, json.loads(r.stdout)


def test_audit_finds_every_discrepancy_of_seed_001_and_nothing_else(tmp_path: Path) -> None:
    code, data = findings(project(tmp_path))
    assert code == 1
    found = {(f["kind"], f["section"], f["key"]) for f in data["findings"]}
    assert found - SEED_001 == set(), "false findings"
    assert SEED_001 - found == set(), "missed"
    links = {link["section"]: link["class"].split("::")[1] for link in data["links"]}
    assert links == {
        "checkpointer": "CheckpointerConfig",
        "data": "DataConfig",
        "evaluator": "EvaluatorConfig",
        "moe": "MoEConfig",
        "mtp": "MTPConfig",
        "system.compile": "TorchCompilationConfig",
        "system.device": "DeviceConfig",
        "system.distributed": "DistributedConfig",
        "wandb": "WandbConfig",
    }
    seed = next(f for f in data["findings"] if f["key"] == "seed" and f["where"].startswith("configs/gpt2"))
    assert seed["message"] == "'seed' is at the root of configs/gpt2_124m.yaml but pretraining/registry.py:9 reads training.seed"


def test_emit_apply_audit_again_is_clean(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(["audit", "--root", ".", "--format", "json", "--emit-rules", "fixes.yaml", "."], root)
    text = (root / "fixes.yaml").read_text()
    load_pack_text(text, "fixes.yaml")  # what `cfgmigrate rules check` runs
    assert "# below the confidence threshold: uncomment if it is right" in text  # distributed: true -> a section
    reviewed = text.replace("\n  # - ", "\n  - ").replace("\n  #   ", "\n    ")  # a person accepts the low-confidence fix
    (root / "fixes.yaml").write_text(reviewed)
    assert run(["rules", "check", "fixes.yaml"], root).exit_code == 0
    assert run(["apply", "--root", ".", "-r", "fixes.yaml", "."], root).exit_code == 0
    code, data = findings(root)
    assert (code, data["findings"]) == (0, [])


def test_compare_a_class_with_a_dump_like_seed_000() -> None:
    r = run(["compare", "--format", "json", "provider.py::LlamaProvider", "dump.yaml"], FIXTURES / "seed000")
    assert r.exit_code == 1
    diff = json.loads(r.stdout)
    assert diff["type_mismatches"] == [
        {"key": "fp8_dot_product_attention", "a": False, "b": 0, "types": "bool vs int"},
        {"key": "moe_aux_loss_coeff", "a": 0.0, "b": 0, "types": "float vs int"},
        {"key": "parallel.batch_p2p_comm", "a": True, "b": "False", "types": "bool vs str"},
    ]
    assert diff["different"] == [
        {"key": "bf16", "a": False, "b": True},
        {"key": "fp16", "a": True, "b": False},
        {"key": "fp8", "a": None, "b": "hybrid"},
    ]
    assert diff["only_in_a"] == [{"key": "rotary_base", "a": 10000.0}]
    assert diff["only_in_b"] == [{"key": "first_pipeline_num_layers", "b": None}]
    assert diff["summary"] == {"in_a": 10, "in_b": 10, "different": 3, "type_mismatches": 3, "only_in_a": 1, "only_in_b": 1}


def test_compare_emits_coercions_that_fix_the_dump(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "seed000", tmp_path / "s")
    r = run(
        ["compare", "--format", "json", "--emit-rules", "types.yaml", "provider.py::LlamaProvider", "dump.yaml"], tmp_path / "s"
    )
    assert r.exit_code == 1
    assert run(["apply", "--root", ".", "-r", "types.yaml", "."], tmp_path / "s").exit_code == 0
    r = run(["compare", "--format", "json", "provider.py::LlamaProvider", "dump.yaml"], tmp_path / "s")
    assert json.loads(r.stdout)["type_mismatches"] == []
