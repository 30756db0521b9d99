import torch.distributed as dist
from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
from transformers import AutoModelForCausalLM


def main(path):
    dist.init_process_group("nccl")
    model = AutoModelForCausalLM.from_pretrained(path, attn_implementation="sdpa")
    return FSDP(model)
