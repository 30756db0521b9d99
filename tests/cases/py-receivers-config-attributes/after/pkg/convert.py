"""Reads of transformers configs: they follow the rules. Other objects' attributes stay."""

from dataclasses import dataclass
from typing import Optional

import transformers
from transformers import AutoConfig, PretrainedConfig
from transformers.models.llama import LlamaConfig as LC


@dataclass
class Args:
    rope_theta: float = 1e4
    torch_dtype: str = "auto"


def load(path: str):
    config = AutoConfig.from_pretrained(path)
    print(config.dtype, config.rope_parameters["rope_theta"])
    return config


def from_model(model, args: Args):
    dtype = model.config.dtype
    base = model.config.rope_parameters["rope_theta"] * 2  # a read inside arithmetic
    args.rope_theta = 3.0  # must not change: an Args
    return dtype, base, args.torch_dtype, args.rope_theta


def annotated(cfg: Optional[PretrainedConfig], small: "LC | None" = None):
    cfg.dtype = "bfloat16"  # a write follows a one-to-one rename
    cfg.rope_theta = 1e6  # a write: the template is for reads, reported
    return getattr(cfg, "rope_theta", 1e4), hasattr(small, "dtype")


def constructed():
    c = transformers.LlamaConfig(hidden_size=64)
    return (c.rope_parameters["rope_theta"])


def unsure(flag: bool):
    d = LC()
    if flag:
        d = Args()
    return d.rope_theta  # a config on one path only: reported


def unrelated(row: dict, rope_theta: float):
    print(row.rope_theta, "rope_theta", rope_theta)  # must not change
    local = Args()
    return local.torch_dtype
