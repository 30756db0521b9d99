from peft import PeftModel
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")


def adapter(base, path):
    return PeftModel.from_pretrained(base, path, torch_dtype="bfloat16")
