"""Model configs as transformers reads them: found on disk (config.json, a folder, or a section of
a YAML config), built with transformers' own strict config classes, and shrunk to a tiny copy of
the same architecture. Failures name the config key and its line."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import Any

from cfgmigrate.verify.documents import load_with_lines, section_of

Lines = dict[tuple[Any, ...], int]
HUB_ID = re.compile(r"[\w.-]+/[\w.-]+")
TINY = {"layers": 2, "vocab": 512}
# the widths every decoder config states (the layer count is shrunk anyway: a default one proves as much)
CORE = ("hidden_size", "num_attention_heads", "vocab_size")
# Keys every config may carry that no config class declares as a field.
COMMON_KEYS = {"model_type", "transformers_version", "architectures", "_name_or_path", "torch_dtype", "auto_map"}


class VerifyError(Exception):
    """A model config that cannot be verified, with the config line when one is known."""


def read_model_config(target: str, root: Path) -> tuple[dict[str, Any], Lines, str]:
    """(config dict, key lines inside it, file shown) from config.json, a folder, or FILE.yaml::section."""
    file_part, _, section = target.partition("::")
    path = Path(file_part) if Path(file_part).is_absolute() else root / file_part
    if path.is_dir():
        path = path / "config.json"
    if not path.exists():
        if HUB_ID.fullmatch(file_part):
            raise VerifyError(
                f"{target} looks like a Hugging Face hub id: verify never downloads; give a local config.json or folder"
            )
        raise VerifyError(f"{target}: no such config file")
    try:
        data, lines = load_with_lines(path)
        data, base = section_of(data, section or None)
    except ValueError as e:
        raise VerifyError(f"{target}: {e}") from None
    if not isinstance(data, dict):
        raise VerifyError(f"{target}: the model config is not a mapping")
    inner = {loc[len(base) :]: line for loc, line in lines.items() if loc[: len(base)] == base}
    return data, inner, str(path.relative_to(root) if path.is_relative_to(root) else path)


def config_class(data: dict[str, Any]) -> Any:
    """transformers' config class: from ``model_type``, else from the ``architectures`` class."""
    import transformers
    from transformers import CONFIG_MAPPING

    model_type = data.get("model_type")
    if model_type:
        if model_type not in CONFIG_MAPPING:
            raise VerifyError(f"model_type {model_type!r} is not known to transformers {transformers.__version__}")
        return CONFIG_MAPPING[model_type]
    for arch in data.get("architectures") or []:
        model_class = getattr(transformers, str(arch), None)
        if getattr(model_class, "config_class", None) is not None:
            return model_class.config_class  # type: ignore[union-attr]
    raise VerifyError("the config has neither model_type nor an architectures entry that transformers knows")


def build_config(data: dict[str, Any], lines: Lines, shown: str) -> Any:
    """The config object, strictly validated by transformers 5; failures name the key and line."""
    from huggingface_hub.errors import StrictDataclassError

    cls = config_class(data)
    fields = {k: v for k, v in copy.deepcopy(data).items() if k != "model_type"}
    try:
        return cls(**fields)
    except (StrictDataclassError, ValueError, TypeError, KeyError) as e:
        raise VerifyError(_located(str(e), lines, shown)) from None


def _located(error: str, lines: Lines, shown: str) -> str:
    """``FILE:LINE: key: message`` from a transformers error text that names a field."""
    message = re.sub(r"\s+", " ", error.strip())
    strict = re.fullmatch(r"Validation error for field '([^']+)': \w+: Field '[^']+' (.*)", message)
    if strict:  # huggingface_hub's StrictDataclassFieldValidationError
        key, message = strict.groups()
    else:
        named = re.search(r"field '([^']+)'", message) or re.search(r"`(\w+)`", message)
        key = named.group(1) if named and (named.group(1),) in lines else ""
    line = lines.get((key,), 0) if key else 0
    return f"{shown}:{line}: {key + ': ' if key else ''}{message}"


def unknown_keys(data: dict[str, Any], config: Any, lines: Lines, shown: str) -> list[str]:
    """Keys that the config class does not declare: transformers keeps them as plain attributes
    without a word, so a misspelled or renamed key would otherwise pass unnoticed."""
    cls = type(config)
    if not dataclasses.is_dataclass(cls):
        return []  # transformers 4 configs declare nothing
    known = {f.name for f in dataclasses.fields(cls)} | set(getattr(cls, "attribute_map", {})) | COMMON_KEYS
    kept = config.to_dict()  # a key transformers converts itself (rope_scaling, rope_theta) is gone from it
    return [
        f"{shown}:{lines.get((key,), 0)}: {key}: unknown to {cls.__name__} (transformers keeps it without using it)"
        for key in data
        if key not in known and key in kept
    ]


def check_heads(data: dict[str, Any], lines: Lines, shown: str) -> tuple[int, int]:
    """(query heads, KV heads); transformers 5 checks their grouping only inside the kernels."""
    heads = int(data.get("num_attention_heads", 4))
    kv = int(data.get("num_key_value_heads") or heads)
    if kv <= 0 or heads % kv:
        raise VerifyError(
            f"{shown}:{lines.get(('num_key_value_heads',), 0)}: num_key_value_heads ({kv}) does not divide"
            f" num_attention_heads ({heads}): the attention heads cannot be grouped"
        )
    return heads, kv


def shrink(data: dict[str, Any], lines: Lines | None = None, shown: str = "") -> dict[str, Any]:
    """The same model with fewer layers and a smaller vocabulary, and nothing else changed: its
    widths, heads, KV heads, head_dim, experts, RoPE parameters and tying are the config's own
    (so a wrong dimension fails as it would at full size). Per-layer lists are cut to the layers
    kept and token ids moved into the smaller vocabulary."""
    check_heads(data, lines or {}, shown)
    small = copy.deepcopy(data)
    if isinstance(data.get("vocab_size"), int):
        small["vocab_size"] = min(data["vocab_size"], TINY["vocab"])
    layers = data.get("num_hidden_layers")
    if isinstance(layers, int):
        _fewer_layers(small, layers)
    _tokens_in_vocab(small)
    return small


def missing_dimensions(data: dict[str, Any], config_class: Any, lines: Lines, shown: str) -> str:
    """'' when the config gives every core dimension its architecture declares (directly or under
    the class's ``attribute_map`` name), else why: without them transformers builds a default-size
    model that says nothing about this config."""
    aliases = getattr(config_class, "attribute_map", {}) or {}
    declared = {f.name for f in dataclasses.fields(config_class)} if dataclasses.is_dataclass(config_class) else set()
    wanted = [name for name in CORE if name in declared or name in aliases]
    absent = [name for name in wanted if name not in data and aliases.get(name) not in data]
    if not absent:
        return ""
    spelled = [f"{name} ({aliases[name]})" if name in aliases else name for name in absent]
    return f"{shown}:1: the config gives no {', '.join(spelled)}: {config_class.__name__} needs them (transformers would build its default-size model instead)"


def _fewer_layers(small: dict[str, Any], layers: int) -> None:
    kept = min(layers, TINY["layers"])
    small["num_hidden_layers"] = kept
    for key, value in small.items():
        if isinstance(value, list) and len(value) == layers and layers > kept:
            small[key] = value[:kept]  # layer_types, mlp_only_layers, ...: one entry per layer


def _tokens_in_vocab(small: dict[str, Any]) -> None:
    last = small["vocab_size"] - 1
    for key in ("bos_token_id", "eos_token_id", "pad_token_id"):
        if isinstance(small.get(key), int) and small[key] > last:
            small[key] = last
        if isinstance(small.get(key), list):
            small[key] = [min(t, last) for t in small[key]]
