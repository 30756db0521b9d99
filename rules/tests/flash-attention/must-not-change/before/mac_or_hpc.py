"""Runs on Apple GPUs too: flash attention does not exist there."""
import torch
from transformers import AutoModelForCausalLM

device = "mps" if torch.backends.mps.is_available() else "cuda"


def load(path: str):
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16).to(device)
