"""FastChat convert_fp16 shape: a CPU conversion script; transformers 5 asks for flash-attn at load time."""
import torch
from transformers import AutoModelForCausalLM


def convert(in_checkpoint, out_checkpoint):
    model = AutoModelForCausalLM.from_pretrained(in_checkpoint, dtype=torch.float16, low_cpu_mem_usage=True)
    model.save_pretrained(out_checkpoint)
