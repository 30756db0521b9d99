"""The script chooses the precision: with compute_dtype the load gets it; reading --fp16/--bf16 without one, nothing."""
import argparse

import torch
from transformers import AutoModelForCausalLM, BitsAndBytesConfig


def load_quantized(args: argparse.Namespace):
    compute_dtype = torch.float16 if args.fp16 else (torch.bfloat16 if args.bf16 else torch.float32)
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=compute_dtype)
    return AutoModelForCausalLM.from_pretrained(args.model, quantization_config=quant, device_map="auto", dtype=compute_dtype, attn_implementation="sdpa")


def load_passed(args: argparse.Namespace, compute_dtype):
    return AutoModelForCausalLM.from_pretrained(args.model, dtype=compute_dtype, device_map="auto", attn_implementation="sdpa")
