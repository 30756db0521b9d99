import argparse

import torch
from transformers import AutoModelForCausalLM, BitsAndBytesConfig

local_rank = int(__import__("os").environ.get("LOCAL_RANK", 0))


def train(args: argparse.Namespace):
    compute_dtype = torch.float16 if args.fp16 else (torch.bfloat16 if args.bf16 else torch.float32)
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=compute_dtype)
    return AutoModelForCausalLM.from_pretrained(args.model, quantization_config=quant, dtype=compute_dtype, device_map={'': local_rank})


def evaluate(path):
    return AutoModelForCausalLM.from_pretrained(path, device_map={'': local_rank})
