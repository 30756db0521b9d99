from transformers import AutoModelForCausalLM, AutoTokenizer


def load(path: str, local_rank: int):
    tokenizer = AutoTokenizer.from_pretrained(path)  # tokenizers take no dtype
    model = AutoModelForCausalLM.from_pretrained(
        path, dtype="bfloat16", attn_implementation="flash_attention_2", device_map={"": local_rank}
    )
    return tokenizer, model
