import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def load(model_id: str, local_rank: int):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_id, device_map={"": local_rank}, dtype="bfloat16", attn_implementation="sdpa")
    teacher = AutoModelForCausalLM.from_pretrained(
        model_id,
        dtype=torch.bfloat16,
        attn_implementation="flash_attention_2",
    )
    return tokenizer, model, teacher
