"""Attention maps need eager kernels (flash and sdpa return no weights): the file is left alone."""
import torch
from transformers import AutoModelForCausalLM


def load_for_attention_maps(path: str):
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16, attn_implementation="eager", output_attentions=True)
