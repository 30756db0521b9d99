"""Parameters read here and passed in other files: what every call in the project passes decides."""

from typing import Any

import torch


class ModelBridge:
    def dtype_from_hf(self, config, default=None):
        assert hasattr(config, "torch_dtype"), "Expected config to have attr `torch_dtype`"
        dtype = config.torch_dtype  # follows: every call passes a config
        return dtype if isinstance(dtype, torch.dtype) else default

    def from_loaded(self, hf_pretrained):
        return self.dtype_from_hf(hf_pretrained.config)  # a call in the class itself

    def base_from(self, config):
        return config.rope_theta  # reported: one call passes a config, another an Args


def describe(config):
    return config.torch_dtype  # follows: every call (other files) passes a config


def loose(config: Any):
    return config.torch_dtype  # reported: its only calls pass mocks


def unrelated(args):
    return args.torch_dtype  # stays: no call passes a config
