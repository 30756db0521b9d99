import os

from transformers import AutoModelForCausalLM

local_rank = int(os.environ["LOCAL_RANK"])


def load(path):
    return AutoModelForCausalLM.from_pretrained(path, dtype="bfloat16", attn_implementation="sdpa")
