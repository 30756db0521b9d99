import torch
from transformers import AutoModelForCausalLM


def load(path: str, bf16: bool):
    return AutoModelForCausalLM.from_pretrained(
        path,
        torch_dtype=torch.bfloat16 if bf16 else "auto",
        low_cpu_mem_usage=True,
    )
