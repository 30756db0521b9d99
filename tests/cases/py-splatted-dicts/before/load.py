import torch
from transformers import AutoModelForCausalLM


def load(model_id, quantize=False):
    model_kwargs = {"torch_dtype": torch.bfloat16, "device_map": "auto"}
    if quantize:
        model_kwargs["torch_dtype"] = torch.float16
    model_kwargs.update(torch_dtype=torch.bfloat16)
    extra = dict(torch_dtype="auto", trust_remote_code=False)
    model = AutoModelForCausalLM.from_pretrained(model_id, low_cpu_mem_usage=True, **model_kwargs)
    ref = AutoModelForCausalLM.from_pretrained(
        model_id,
        low_cpu_mem_usage=True,
        **extra,
    )
    return model, ref


def unrelated():
    kwargs = {"torch_dtype": "fp16"}  # never splatted into a matching call
    return kwargs
