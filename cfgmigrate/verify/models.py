"""Model configs that must build and run: transformers' own (strict) config classes, a tiny
random-weight copy of the same architecture (or real local weights), bf16, and the flash kernel
forced so that nothing falls back silently. The report names the attention kernel that really
ran, recorded at the torch dispatcher."""

from __future__ import annotations

import contextlib
import copy
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.verify.kernels import KernelRecorder, peak_memory_mb
from cfgmigrate.verify.modelconfig import (
    VerifyError,
    build_config,
    check_heads,
    missing_dimensions,
    read_model_config,
    shrink,
    unknown_keys,
)
from cfgmigrate.verify.report import VerifyItem

__all__ = ["Options", "VerifyError", "missing_extra", "verify_model"]
DTYPES = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}
# Cached and uncached last-token logits differ by rounding only; relative to the largest logit.
TOLERANCE = {"bfloat16": 0.05, "float16": 0.01, "float32": 1e-4}
PROMPT = "The capital of France is"
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "spiece.model")


@dataclass(frozen=True)
class Options:
    dtype: str = "bf16"
    attention: str = "auto"  # auto | flash_attention_2 | sdpa | eager
    device: str = "auto"
    shrink: bool = True
    weights: Path | None = None
    trust_remote_code: bool = False
    new_tokens: int = 4


def go_offline() -> None:
    """Never reach the hub: huggingface_hub reads these once, when it is first imported."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def missing_extra() -> str:
    """'' when torch and transformers import, else the command that installs them."""
    go_offline()
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return "verifying models needs torch and transformers: pip install 'cfgmigrate[verify]'"
    return ""


def verify_model(target: str, root: Path, options: Options) -> VerifyItem:
    """Build (or load) one model, run it, and say how it went; never raises."""
    go_offline()  # before transformers is first imported
    item = VerifyItem("model", target, dtype=DTYPES.get(options.dtype, options.dtype))
    started = time.perf_counter()
    try:
        _run(item, target, root, options)
    except VerifyError as e:
        item.ok, item.reason = False, str(e)
    except Exception as e:  # noqa: BLE001 - a real failure of the model: report it, do not crash the run
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        item.ok, item.reason = False, f"{type(e).__name__}: {first}"
    item.seconds = time.perf_counter() - started
    return item


def _run(item: VerifyItem, target: str, root: Path, options: Options) -> None:
    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    item.device = _device(options.device)
    if item.device == "cuda":
        torch.cuda.reset_peak_memory_stats()  # peak memory per model, not per process
    attention, force_flash = choose_attention(options.attention, item.device)
    dtype = getattr(torch, item.dtype)
    config = None
    if options.weights is None or Path(target) != options.weights:
        data, lines, shown = read_model_config(target, root)
        config = build_config(data, lines, shown)  # the real config must be valid as written
        missing = missing_dimensions(data, type(config), lines, shown)
        if missing:
            raise VerifyError(missing)
        check_heads(data, lines, shown)
        item.warnings += unknown_keys(data, config, lines, shown)
        if options.weights is None and options.shrink:
            config = build_config(shrink(data, lines, shown), lines, shown)
    if options.weights is not None:
        model, tokenizer = _load_weights(options, config, dtype, attention, item.device)
    else:
        model, tokenizer = _random_model(config, dtype, attention, item.device, options), None
    _check(item, model, tokenizer, dtype, force_flash, options)


def _device(asked: str) -> str:
    import torch

    if asked == "cuda" and not torch.cuda.is_available():
        raise VerifyError("--device cuda asked for, but torch sees no CUDA GPU")
    return asked if asked != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")


def choose_attention(asked: str, device: str) -> tuple[str, bool]:
    """(attn_implementation, force SDPA's flash backend). ``auto`` takes flash_attention_2 where
    the flash-attn package and CUDA are there, else SDPA held to its flash kernel."""
    if asked != "auto":
        return asked, False
    try:
        import flash_attn  # noqa: F401
    except ImportError:
        return "sdpa", True
    return ("flash_attention_2", False) if device == "cuda" else ("sdpa", True)


def _random_model(config: Any, dtype: Any, attention: str, device: str, options: Options) -> Any:
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
        copy.deepcopy(config),  # from_config mutates it (dtype, attention): never reuse
        dtype=dtype,
        attn_implementation=attention,
        trust_remote_code=options.trust_remote_code,
    )
    return model.to(device).eval()


def _load_weights(options: Options, config: Any, dtype: Any, attention: str, device: str) -> tuple[Any, Any]:
    """Real weights from a local folder (or .gguf file); with a --model config, that config."""
    from transformers import AutoModelForCausalLM

    assert options.weights is not None
    folder = options.weights if options.weights.is_dir() else options.weights.parent
    kwargs: dict[str, Any] = {"local_files_only": True, "trust_remote_code": options.trust_remote_code}
    gguf = sorted(p.name for p in folder.glob("*.gguf"))
    if options.weights.suffix == ".gguf":
        kwargs["gguf_file"] = options.weights.name
    elif gguf and not (folder / "config.json").exists():
        kwargs["gguf_file"] = gguf[0]
    if config is not None:
        kwargs["config"] = copy.deepcopy(config)
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=dtype, attn_implementation=attention, **kwargs)
    return model.to(device).eval(), _tokenizer(folder, kwargs)  # type: ignore[arg-type]


def _tokenizer(folder: Path, kwargs: dict[str, Any]) -> Any:
    """The folder's tokenizer, or None when it ships none (random token ids are used then)."""
    from transformers import AutoTokenizer

    kwargs = {k: v for k, v in kwargs.items() if k != "config"}
    if "gguf_file" not in kwargs and not any((folder / name).exists() for name in TOKENIZER_FILES):
        return None  # AutoTokenizer would guess one from the config and hand back an empty vocabulary
    try:
        return AutoTokenizer.from_pretrained(str(folder), **kwargs)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _check(item: VerifyItem, model: Any, tokenizer: Any, dtype: Any, force_flash: bool, options: Options) -> None:
    """Forward pass and greedy generation with the KV cache; dtype, finiteness, cache agreement."""
    import torch

    wrong = sorted({str(p.dtype) for p in model.parameters() if p.is_floating_point() and p.dtype != dtype})
    if wrong:
        raise VerifyError(f"parameters are {', '.join(wrong)}, not {dtype}")
    ids = _inputs(model, tokenizer)
    recorder = KernelRecorder()
    with _kernel_context(force_flash), torch.no_grad():
        with recorder:
            logits = model(ids).logits
        out = model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=options.new_tokens,
            do_sample=False,
            use_cache=True,
            output_logits=True,
            return_dict_in_generate=True,
        )
        uncached = model(out.sequences[:, :-1], use_cache=False).logits[:, -1].float()
    if not torch.isfinite(logits).all():
        raise VerifyError("the logits are not finite (nan or inf)")
    _compare_cache(out.logits[-1].float(), uncached, item.dtype)
    item.attention = str(getattr(model.config, "_attn_implementation", ""))
    item.kernel = ", ".join(recorder.attention_kernels()) or "none seen"
    item.peak_memory_mb = peak_memory_mb(model)
    item.details["built"] = built_shape(model)
    item.ok = True
    item.reason = f"forward + {options.new_tokens}-token greedy generation with KV cache ok"
    if tokenizer is not None:
        item.details["generated"] = tokenizer.decode(out.sequences[0], skip_special_tokens=True)
        item.reason += f": {item.details['generated']!r}"


SHAPE_KEYS = (
    "hidden_size",
    "num_attention_heads",
    "num_key_value_heads",
    "head_dim",
    "intermediate_size",
    "num_hidden_layers",
    "vocab_size",
)


def built_shape(model: Any) -> str:
    """The dimensions the model was built with, and the embedding matrix it has: the proof that the
    small copy keeps the config's widths (only layers and vocabulary shrink)."""
    config = model.config
    # head_dim as the attention layers have it (a config may leave it to hidden_size // heads)
    heads = next((m.head_dim for m in model.modules() if isinstance(getattr(m, "head_dim", None), int)), None)
    shape = {k: heads if k == "head_dim" else getattr(config, k, None) for k in SHAPE_KEYS}
    text = " ".join(f"{k}={v}" for k, v in shape.items() if v is not None)
    rows, cols = model.get_input_embeddings().weight.shape
    return f"{text}; embeddings {rows}x{cols}"


def _compare_cache(cached: Any, uncached: Any, dtype: str) -> None:
    diff = float((cached - uncached).abs().max())
    tol = TOLERANCE[dtype] * max(1.0, float(uncached.abs().max()))
    if diff > tol:
        raise VerifyError(f"cached and uncached logits differ by {diff:.4f} (tolerance {tol:.4f})")


def _inputs(model: Any, tokenizer: Any) -> Any:
    """Unpadded token ids: a padding mask would keep CUDA's flash kernel from running."""
    import torch

    if tokenizer is not None:
        return tokenizer(PROMPT, return_tensors="pt").input_ids.to(model.device)
    generator = torch.Generator().manual_seed(0)
    return torch.randint(0, model.config.vocab_size, (1, 8), generator=generator).to(model.device)


def _kernel_context(force_flash: bool) -> Any:
    if not force_flash:
        return contextlib.nullcontext()
    from torch.nn.attention import SDPBackend, sdpa_kernel

    return sdpa_kernel([SDPBackend.FLASH_ATTENTION])  # fails loudly instead of falling back
