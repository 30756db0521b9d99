"""Encoders and decoders for the LatentWire experiments (seed audit 003)."""
import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

LLAMA = "meta-llama/Meta-Llama-3.1-8B-Instruct"
QWEN = "Qwen/Qwen2.5-7B-Instruct"


def load_pair(local_rank: int, using_ddp: bool):
    device_map = {"": local_rank} if using_ddp else "auto"
    llama = AutoModelForCausalLM.from_pretrained(LLAMA, dtype=torch.bfloat16, device_map=device_map, attn_implementation="sdpa")
    qwen = AutoModelForCausalLM.from_pretrained(QWEN, dtype=torch.bfloat16, device_map=device_map, attn_implementation="flash_attention_2")
    return llama, qwen


def load_for_mac():
    tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.2-1B", use_fast=True)
    model = LlamaForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", dtype="bfloat16", attn_implementation="sdpa")
    return tok, model.to(os.environ.get("DEVICE", "mps"))
