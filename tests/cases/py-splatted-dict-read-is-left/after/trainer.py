"""A trainer that converts the user's torch_dtype itself (as trl 0.11 does): renaming only the
write would pass both torch_dtype and dtype, so the dict is left and reported."""
import torch
from transformers import AutoModelForCausalLM


def build(model_id, model_init_kwargs):
    torch_dtype = model_init_kwargs.get("torch_dtype")
    if torch_dtype is not None and torch_dtype != "auto":
        model_init_kwargs["torch_dtype"] = getattr(torch, torch_dtype)
    return AutoModelForCausalLM.from_pretrained(model_id, **model_init_kwargs)


def build_fixed(model_id):
    kwargs = {"dtype": torch.bfloat16}
    return AutoModelForCausalLM.from_pretrained(model_id, **kwargs)
