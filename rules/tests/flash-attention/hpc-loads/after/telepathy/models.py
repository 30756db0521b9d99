"""LatentWire-style HPC experiment loads (seed 003: flash attention in every HPC experiment)."""
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

LLAMA = "meta-llama/Meta-Llama-3.1-8B-Instruct"
MISTRAL = "mistralai/Mistral-7B-Instruct-v0.3"


def load_pair(local_rank: int, using_ddp: bool):
    device_map = {"": local_rank} if using_ddp else "auto"
    llama = AutoModelForCausalLM.from_pretrained(LLAMA, dtype=torch.bfloat16, device_map=device_map, attn_implementation="flash_attention_2")
    mistral = AutoModelForCausalLM.from_pretrained(
        MISTRAL,
        dtype=torch.bfloat16,
        device_map=device_map,
        attn_implementation="flash_attention_2",
    )
    qwen = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-3B", attn_implementation="flash_attention_2", device_map=device_map, dtype="bfloat16")
    return llama, mistral, qwen


def load_probe(path: str):
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path, device_map="auto", attn_implementation="flash_attention_2", dtype="bfloat16")
    return tokenizer, model

