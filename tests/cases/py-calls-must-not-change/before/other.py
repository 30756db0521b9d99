"""Look-alikes that a qualified pattern must leave alone."""
from mylib import AutoModelForCausalLM  # a local class with the same name, not transformers'
from peft import PeftModel


def build(model_id, torch_dtype="bfloat16"):
    AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=torch_dtype)
    PeftModel.from_pretrained(model_id, torch_dtype=torch_dtype)
    settings = dict(torch_dtype=torch_dtype)  # not splatted into a matching call
    print("torch_dtype", settings["torch_dtype"])
    return settings


class Loader:
    def from_pretrained(self, path, torch_dtype=None):
        return path, torch_dtype


Loader().from_pretrained("x", torch_dtype="fp16")
