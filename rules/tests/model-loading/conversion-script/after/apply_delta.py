"""FastChat apply_delta shape: weights are added on the CPU and saved; a device_map would place (or
offload) them, and a fixed dtype would change the saved checkpoint."""
import torch
from transformers import AutoModelForCausalLM


def apply_delta(base_model_path, target_model_path, delta_path):
    base = AutoModelForCausalLM.from_pretrained(base_model_path, dtype=torch.float16, low_cpu_mem_usage=True)
    delta = AutoModelForCausalLM.from_pretrained(delta_path, low_cpu_mem_usage=True)
    for name, param in base.state_dict().items():
        param.data += delta.state_dict()[name]
    base.save_pretrained(target_model_path)
