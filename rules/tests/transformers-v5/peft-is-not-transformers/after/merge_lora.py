"""The OpenRLHF lora_combiner shape: low_cpu_mem_usage is a real PEFT option, a no-op only in transformers 5."""
import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM


def merge(base_path, lora_path, out):
    base = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.bfloat16)
    lora = PeftModel.from_pretrained(base, lora_path, dtype=torch.bfloat16, low_cpu_mem_usage=True)
    merged = lora.merge_and_unload()
    merged.save_pretrained(out)


def load_any(model_cls, path):
    return model_cls.from_pretrained(path, low_cpu_mem_usage=True)
