"""What the built-in packs report instead of changing, on the fixtures of #12's wrong changes
(rules/tests/<pack>/<case>/before): the exact lines a user reads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main

CASES = Path(__file__).parents[2] / "rules" / "tests"


def dry_run(pack: str, case: str, tmp_path: Path, target: str = "transformers==5.0.0") -> tuple[int, str]:
    shutil.copytree(CASES / pack / case / "before", tmp_path / "p")
    old = os.getcwd()
    os.chdir(tmp_path / "p")
    try:
        args = ["apply", "-p", pack, "--target", target, "--deprecations", "--no-cache", "--dry-run", "."]
        r = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    return r.exit_code, r.stderr


def test_remote_code_and_unresolved_loads_are_reported_not_edited(tmp_path: Path) -> None:
    assert dry_run("model-loading", "remote-code", tmp_path) == (
        0,
        "serve.py:8: torch-dtype-kwarg: warning: not renaming keyword torch_dtype: no import resolves the receiver of "
        "model_cls.from_pretrained (`model_cls` is bound in the function), so it may not be what the rule's `calls` match; "
        "left for a person\n"
        "serve.py:7: explicit-attention: warning: not adding keyword attn_implementation: "
        "trust_remote_code=args.trust_remote_code may be True (`unless: keyword`); left for a person\n"
        "cfgmigrate: 2 files scanned, 2 parsed, 1 would change (1 changes), 0 errors, 2 warnings\n",
    )


def test_training_code_and_placed_models_are_left_without_a_warning_but_counted(tmp_path: Path) -> None:
    assert dry_run("model-loading", "training-code", tmp_path) == (
        0,
        "cfgmigrate: 4 files scanned, 4 parsed, 1 would change (1 changes), 0 errors, 0 warnings, "
        "8 left by `unless` conditions (-v lists them)\n",
    )


def test_peft_keeps_low_cpu_mem_usage_and_an_unknown_class_is_reported(tmp_path: Path) -> None:
    assert dry_run("transformers-v5", "peft-is-not-transformers", tmp_path) == (
        0,
        "merge_lora.py:15: low-cpu-mem-usage-kwarg: warning: not removing keyword low_cpu_mem_usage: no import resolves "
        "the receiver of model_cls.from_pretrained (`model_cls` is bound in the function), so it may not be what the "
        "rule's `calls` match; left for a person\n"
        "versions: trl: ==0.12.0 (default), from default [no pin found: judged at 0.12.0, the newest version the pack knows]\n"
        "cfgmigrate: 1 files scanned, 1 parsed, 1 would change (1 changes), 0 errors, 1 warnings\n",
    )


def test_the_silent_misses_of_the_issue_are_reported(tmp_path: Path) -> None:
    """LLaMA-Factory's example YAMLs, Megatron-Bridge's reads of a Hugging Face config, FastChat's
    launch script: at 5.23 the typed read is rewritten (receivers), the flag renamed, every retired name left a warning."""
    code, err = dry_run("transformers-v5", "silent-misses", tmp_path, "transformers==5.23.0")
    scaling = "on a transformers config, `config.rope_scaling` is gone in v5: read `config.rope_parameters` (your own classes may keep the name)"
    assert (code, err) == (
        0,
        f"bridge/llama_bridge.py:9:41: retired-rope-scaling: warning: retired name `rope_scaling` is still here: {scaling}\n"
        "examples/train_lora/llama3_lora_sft.yaml:7:1: retired-logging-dir: warning: retired name `logging_dir` is still here: "
        "removed from TrainingArguments in v5: set the environment variable TENSORBOARD_LOGGING_DIR instead\n"
        "examples/train_lora/llama3_lora_sft.yaml:11:1: retired-warmup-ratio: warning: retired name `warmup_ratio` is still here: "
        "removed from TrainingArguments in v5: use `warmup_steps` with the same float (< 1 now means a ratio); with both keys "
        "set, a person says which wins\n"
        "examples/train_lora/llama3_lora_sft.yaml:12:1: retired-group-by-length: warning: retired name `group_by_length` is "
        "still here: not a TrainingArguments field in later 5.x releases: `train_sampling_strategy: group_by_length` "
        "(T5.23 training_args.py:638-653); keep it while the project supports 5.0\n"
        "versions: trl: ==0.12.0 (default), from default [no pin found: judged at 0.12.0, the newest version the pack knows]\n"
        "cfgmigrate: 4 files scanned, 3 parsed, 2 would change (2 changes), 0 errors, 4 warnings (4 leftovers: retired names "
        "still in scope)\n",
    )


def test_a_read_of_the_removed_split_rank_key_is_reported(tmp_path: Path) -> None:
    code, err = dry_run("megatron-config", "split-rank-read", tmp_path, "megatron-core==0.18.0")
    assert (code, err) == (
        0,
        "pipeline.py:5:26: drop-pipeline-split-rank: warning: retired name `pipeline_model_parallel_split_rank` is still here: "
        "`pipeline_model_parallel_split_rank` is retired (rule drop-pipeline-split-rank removes it where it applies): remove "
        "it here by hand, or widen the rule's scope\n"
        "cfgmigrate: 1 files scanned, 1 parsed, 0 would change (0 changes), 0 errors, 1 warnings (1 leftovers: retired names "
        "still in scope)\n",
    )
