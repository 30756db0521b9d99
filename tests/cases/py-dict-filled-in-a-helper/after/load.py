from transformers import AutoModelForCausalLM


def patch_dtype(kwargs, dtype):
    kwargs["dtype"] = dtype


def patch_shared(kwargs):
    kwargs["torch_dtype"] = "auto"


def load(path):
    init_kwargs = {"trust_remote_code": True}
    patch_dtype(init_kwargs, "bfloat16")
    patch_shared(init_kwargs)
    return AutoModelForCausalLM.from_pretrained(path, **init_kwargs)


def log_settings():
    settings = {}
    patch_shared(settings)  # another caller, not splatted into a load: patch_shared is reported
    print(settings)
