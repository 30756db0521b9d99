import torch
from transformers import AutoModelForCausalLM


def load(model_id, quantize=False):
    model_kwargs = {"dtype": torch.bfloat16, "device_map": "auto"}
    if quantize:
        model_kwargs["dtype"] = torch.float16
    model_kwargs.update(dtype=torch.bfloat16)
    extra = dict(dtype="auto", trust_remote_code=False)
    model = AutoModelForCausalLM.from_pretrained(model_id, **model_kwargs)
    ref = AutoModelForCausalLM.from_pretrained(
        model_id,
        **extra,
    )
    return model, ref


def unrelated():
    kwargs = {"torch_dtype": "fp16"}  # never splatted into a matching call
    return kwargs
