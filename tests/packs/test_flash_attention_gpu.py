"""flash-attention proven where a GPU is there: the keywords the pack writes into the HPC fixture's
loads, given to a random-weight copy of a Llama config on CUDA, load the flash kernel and run."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

import pytest

RULES = Path(__file__).parents[2] / "rules"
LLAMA = Path(__file__).parents[1] / "verify" / "fixtures" / "llama3.json"


def written_keywords() -> list[dict[str, object]]:
    """attn_implementation and dtype of every load in the case's after/ (what the pack wrote)."""
    tree = ast.parse((RULES / "tests" / "flash-attention" / "hpc-loads" / "after" / "telepathy" / "models.py").read_text())
    loads = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "from_pretrained"
        and "Model" in ast.unparse(n.func.value)
    ]
    wanted = ("attn_implementation", "dtype")
    return [{k.arg: ast.unparse(k.value) for k in call.keywords if k.arg in wanted} for call in loads]


def test_every_hpc_load_asks_for_flash_in_half_precision() -> None:
    got = written_keywords()
    attention = [k.get("attn_implementation") for k in got if "attn_implementation" in k]
    assert attention == ["'flash_attention_2'"] * 4
    assert all(k.get("dtype") in ("torch.bfloat16", "'bfloat16'") for k in got)


@pytest.mark.gpu
def test_the_written_keywords_run_the_flash_kernel_on_cuda() -> None:
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available() or importlib.util.find_spec("flash_attn") is None:
        pytest.skip("needs a CUDA GPU and the flash-attn package")
    from transformers import AutoModelForCausalLM, LlamaConfig

    config = LlamaConfig(**{**json.loads(LLAMA.read_text()), "num_hidden_layers": 2})
    model = AutoModelForCausalLM.from_config(config, attn_implementation="flash_attention_2", dtype=torch.bfloat16).cuda()
    assert model.config._attn_implementation == "flash_attention_2"
    ids = torch.randint(0, config.vocab_size, (1, 16), device="cuda")
    with torch.no_grad():
        logits = model(ids).logits
    assert logits.dtype == torch.bfloat16 and torch.isfinite(logits).all()
