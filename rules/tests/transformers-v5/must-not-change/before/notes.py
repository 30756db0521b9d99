"""Mentions that are not the settings the pack migrates."""
import torch


def describe(torch_dtype: torch.dtype) -> str:
    settings = {"torch_dtype": str(torch_dtype)}  # a report, never splatted into a model load
    return f"torch_dtype={settings['torch_dtype']}"


class Exporter:
    def from_pretrained(self, path, use_auth_token=None):  # not transformers
        return path, use_auth_token
