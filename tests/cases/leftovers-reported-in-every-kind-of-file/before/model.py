from peft import PeftModel
from transformers import AutoModelForCausalLM


def load(path, dtype):
    model = AutoModelForCausalLM.from_pretrained(path, torch_dtype=dtype)
    model = PeftModel.from_pretrained(model, path, torch_dtype=dtype)
    old_torch_dtype = model.config.torch_dtype
    return model, old_torch_dtype
