"""Model configs that must build and run: transformers' own (strict) config classes, a tiny
random-weight copy of the same architecture (or real local weights), bf16, and the flash kernel
forced so that nothing falls back silently. The report names the kernel that really ran, read from
the PyTorch profiler."""

from __future__ import annotations

import copy
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.verify.documents import load_with_lines, section_of
from cfgmigrate.verify.report import VerifyItem

DTYPES = {
    "bf16": "bfloat16",
    "bfloat16": "bfloat16",
    "fp16": "float16",
    "float16": "float16",
    "fp32": "float32",
    "float32": "float32",
}
TOLERANCE = {"bfloat16": 0.1, "float16": 0.02, "float32": 1e-3}
PROMPT = "The capital of France is"


class VerifyError(Exception):
    """A model config that cannot be verified, with the config line when one is known."""


@dataclass(frozen=True)
class Options:
    dtype: str = "bf16"
    attention: str = "auto"  # auto | flash_attention_2 | sdpa | eager
    device: str = "auto"
    shrink: bool = True
    weights: Path | None = None
    trust_remote_code: bool = False
    new_tokens: int = 4


def missing_extra() -> str:
    """'' when torch and transformers import, else the command that installs them."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return "verifying models needs torch and transformers: pip install 'cfgmigrate[verify]'"
    return ""


def read_model_config(target: str, root: Path) -> tuple[dict[str, Any], dict[tuple[Any, ...], int], str]:
    """(config dict, key lines, file shown) from config.json, a folder, or FILE.yaml::section."""
    file_part, _, section = target.partition("::")
    path = (root / file_part) if not Path(file_part).is_absolute() else Path(file_part)
    if path.is_dir():
        path = path / "config.json"
    if not path.exists():
        if re.fullmatch(r"[\w.-]+/[\w.-]+", file_part):
            raise VerifyError(
                f"{target} looks like a Hugging Face hub id: verify never downloads; give a local config.json or folder"
            )
        raise VerifyError(f"{target}: no such config file")
    data, lines = load_with_lines(path)
    data, base = section_of(data, section or None)
    if not isinstance(data, dict):
        raise VerifyError(f"{target}: the model config is not a mapping")
    inner = {loc[len(base) :]: line for loc, line in lines.items() if loc[: len(base)] == base}
    return data, inner, str(path.relative_to(root) if path.is_relative_to(root) else path)


def build_config(data: dict[str, Any], lines: dict[tuple[Any, ...], int], shown: str) -> Any:
    """transformers' config object (strictly validated in v5); failures name the key and line."""
    from huggingface_hub.errors import StrictDataclassError
    from transformers import AutoConfig

    model_type = data.get("model_type") or _model_type_from_architectures(data)
    fields = {k: v for k, v in copy.deepcopy(data).items() if k != "model_type"}
    try:
        return AutoConfig.for_model(model_type, **fields)
    except (StrictDataclassError, ValueError, TypeError, KeyError) as e:
        message = re.sub(r"\s+", " ", str(e).strip())
        key = re.search(r"field '([^']+)'", message)
        line = lines.get((key.group(1),), 0) if key else 0
        where = f"{key.group(1)}: " if key else ""
        raise VerifyError(f"{shown}:{line}: {where}{message}") from None


def _model_type_from_architectures(data: dict[str, Any]) -> str:
    from transformers import CONFIG_MAPPING

    for arch in data.get("architectures") or []:
        prefix = re.sub(r"For\w+$|Model$", "", arch).lower()
        for model_type in CONFIG_MAPPING:
            if model_type.replace("_", "") == prefix:
                return str(model_type)
    raise VerifyError("the config has neither model_type nor a known architectures entry")


def shrink(data: dict[str, Any], lines: dict[tuple[Any, ...], int] | None = None, shown: str = "") -> dict[str, Any]:
    """A tiny copy of the same architecture: 2 layers, the same head ratio and GQA grouping,
    RoPE parameters and embedding tying kept, the vocabulary capped at 512."""
    heads, kv = (
        int(data.get("num_attention_heads", 4)),
        int(data.get("num_key_value_heads") or data.get("num_attention_heads", 4)),
    )
    if kv <= 0 or heads % kv:
        line = (lines or {}).get(("num_key_value_heads",), 0)
        raise VerifyError(
            f"{shown}:{line}: num_key_value_heads ({kv}) does not divide num_attention_heads ({heads}): the attention heads cannot be grouped"
        )
    group = heads // kv
    small_kv = min(kv, 2)
    head_dim = 16
    small = copy.deepcopy(data)
    small.update(
        num_hidden_layers=min(int(data.get("num_hidden_layers", 2)), 2),
        num_attention_heads=group * small_kv,
        num_key_value_heads=small_kv,
        head_dim=head_dim,
        hidden_size=group * small_kv * head_dim,
        intermediate_size=2 * group * small_kv * head_dim,
        vocab_size=min(int(data.get("vocab_size", 512)), 512),
    )
    for key in ("bos_token_id", "eos_token_id", "pad_token_id"):
        if isinstance(small.get(key), int) and small[key] >= small["vocab_size"]:
            small[key] = small["vocab_size"] - 1
        if isinstance(small.get(key), list):
            small[key] = [min(t, small["vocab_size"] - 1) for t in small[key]]
    return small


def choose_attention(options: Options, device: str) -> tuple[str, bool]:
    """(attn_implementation, force the flash SDPA backend)."""
    if options.attention != "auto":
        return options.attention, False
    try:
        import flash_attn  # noqa: F401

        if device == "cuda":
            return "flash_attention_2", False
    except ImportError:
        pass
    return "sdpa", True


def verify_model(target: str, root: Path, options: Options) -> VerifyItem:
    item = VerifyItem("model", target, dtype=DTYPES.get(options.dtype, options.dtype))
    started = time.perf_counter()
    try:
        _run(item, target, root, options)
    except VerifyError as e:
        item.ok, item.reason = False, str(e)
    except Exception as e:  # a real failure of the model: report it, do not crash the run
        item.ok, item.reason = False, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    item.seconds = time.perf_counter() - started
    return item


def _run(item: VerifyItem, target: str, root: Path, options: Options) -> None:
    import torch

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    device = options.device if options.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    item.device = device
    if device == "cuda" and not torch.cuda.is_available():
        raise VerifyError("--device cuda asked for, but torch sees no CUDA GPU")
    attention, force_flash = choose_attention(options, device)
    dtype = getattr(torch, item.dtype)
    if options.weights is not None:
        model, tokenizer = _load_weights(options, dtype, attention, device)
    else:
        data, lines, shown = read_model_config(target, root)
        build_config(data, lines, shown)  # the real config must be valid as written
        small = build_config(shrink(data, lines, shown) if options.shrink else data, lines, shown)
        model, tokenizer = _random_model(small, dtype, attention, device, options), None
    _check(item, model, tokenizer, dtype, force_flash, options)


def _random_model(config: Any, dtype: Any, attention: str, device: str, options: Options) -> Any:
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
        copy.deepcopy(config), dtype=dtype, attn_implementation=attention, trust_remote_code=options.trust_remote_code
    )
    return model.to(device).eval()


def _load_weights(options: Options, dtype: Any, attention: str, device: str) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    assert options.weights is not None
    folder = options.weights if options.weights.is_dir() else options.weights.parent
    gguf = [p.name for p in folder.glob("*.gguf")]
    kwargs: dict[str, Any] = {"local_files_only": True, "trust_remote_code": options.trust_remote_code}
    if options.weights.suffix == ".gguf":
        kwargs["gguf_file"] = options.weights.name
    elif gguf and not (folder / "config.json").exists():
        kwargs["gguf_file"] = gguf[0]
    tokenizer = AutoTokenizer.from_pretrained(str(folder), **kwargs)
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=dtype, attn_implementation=attention, **kwargs)
    return model.to(device).eval(), tokenizer  # type: ignore[arg-type]


def _check(item: VerifyItem, model: Any, tokenizer: Any, dtype: Any, force_flash: bool, options: Options) -> None:
    """Forward pass and greedy generation with the KV cache; dtype, finiteness, cache agreement."""
    import torch

    wrong = sorted({str(p.dtype) for p in model.parameters() if p.is_floating_point() and p.dtype != dtype})
    if wrong and tokenizer is None:
        raise VerifyError(f"parameters are {', '.join(wrong)}, not {dtype}")
    ids = _inputs(model, tokenizer)
    with _kernel_context(force_flash), torch.no_grad():
        kernels, logits = _profiled_forward(model, ids)
        out = model.generate(
            ids,
            max_new_tokens=options.new_tokens,
            do_sample=False,
            use_cache=True,
            output_logits=True,
            return_dict_in_generate=True,
        )
        uncached = model(out.sequences[:, :-1], use_cache=False).logits[:, -1].float()
    if not torch.isfinite(logits).all():
        raise VerifyError("the logits are not finite (nan or inf)")
    cached = out.logits[-1].float()
    diff = float((cached - uncached).abs().max())
    tol = TOLERANCE.get(str(dtype).replace("torch.", ""), 0.1) * max(1.0, float(uncached.abs().max()))
    if diff > tol:
        raise VerifyError(f"cached and uncached logits differ by {diff:.4f} (tolerance {tol:.4f})")
    item.attention = str(getattr(model.config, "_attn_implementation", ""))
    item.kernel = ", ".join(kernels) or "none seen"
    item.peak_memory_mb = _peak_memory_mb(model)
    item.ok = True
    item.reason = f"forward + {options.new_tokens}-token greedy generation ok (cache diff {diff:.2g})"
    if tokenizer is not None:
        item.details["generated"] = tokenizer.decode(out.sequences[0], skip_special_tokens=True)
        item.reason += f": {item.details['generated']!r}"


def _inputs(model: Any, tokenizer: Any) -> Any:
    import torch

    if tokenizer is not None:
        return tokenizer(PROMPT, return_tensors="pt").input_ids.to(model.device)
    generator = torch.Generator().manual_seed(0)
    return torch.randint(0, model.config.vocab_size, (1, 8), generator=generator).to(model.device)


def _kernel_context(force_flash: bool) -> Any:
    import contextlib

    if not force_flash:
        return contextlib.nullcontext()
    from torch.nn.attention import SDPBackend, sdpa_kernel

    return sdpa_kernel([SDPBackend.FLASH_ATTENTION])  # fails loudly instead of falling back


def _profiled_forward(model: Any, ids: Any) -> tuple[list[str], Any]:
    """The forward pass under the profiler: which attention kernels really ran."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if ids.is_cuda else [])
    with profile(activities=activities) as prof:
        logits = model(ids).logits
    names = sorted(
        {
            e.name
            for e in prof.events()
            if re.search(r"flash|efficient_attention|_scaled_dot_product|cudnn_attention|fmha", e.name)
        }
    )
    return [n for n in names if n != "aten::scaled_dot_product_attention"], logits


def _peak_memory_mb(model: Any) -> float:
    import resource

    import torch

    if next(model.parameters()).is_cuda:
        return float(torch.cuda.max_memory_allocated()) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
