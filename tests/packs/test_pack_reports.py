"""What the built-in packs report instead of changing, on the fixtures of #12's wrong changes
(rules/tests/<pack>/<case>/before): the exact lines a user reads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main

CASES = Path(__file__).parents[2] / "rules" / "tests"


def dry_run(pack: str, case: str, tmp_path: Path) -> tuple[int, str]:
    shutil.copytree(CASES / pack / case / "before", tmp_path / "p")
    old = os.getcwd()
    os.chdir(tmp_path / "p")
    try:
        args = ["apply", "-p", pack, "--target", "transformers==5.0.0", "--deprecations", "--no-cache", "--dry-run", "."]
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
        "cfgmigrate: 2 files scanned, 2 parsed, 2 would change (2 changes), 0 errors, 2 warnings\n",
    )


def test_training_code_and_placed_models_are_left_without_a_word(tmp_path: Path) -> None:
    assert dry_run("model-loading", "training-code", tmp_path) == (
        0,
        "cfgmigrate: 4 files scanned, 4 parsed, 1 would change (1 changes), 0 errors, 0 warnings\n",
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
