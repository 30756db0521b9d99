"""DeepSpeed ZeRO-3 training: transformers raises on device_map there; the engine places the model."""
import deepspeed
import torch
from transformers import AutoModelForCausalLM


def build(args):
    model = AutoModelForCausalLM.from_pretrained(args.pretrain, torch_dtype=torch.bfloat16, attn_implementation="sdpa")
    engine, optimizer, _, _ = deepspeed.initialize(model=model, config=args.ds_config)
    return engine, optimizer
