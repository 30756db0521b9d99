import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def load(model_id: str, local_rank: int):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_id, device_map={"": local_rank})
    teacher = AutoModelForCausalLM.from_pretrained(
        model_id,
        torch_dtype=torch.bfloat16,
        use_flash_attention_2=True,
    )
    return tokenizer, model, teacher
