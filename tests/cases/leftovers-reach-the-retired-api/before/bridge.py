"""The Megatron-Bridge shape: reads of a Hugging Face config (they break in v5) beside the project's own names."""


def provider(hf_config, rope_theta=None):
    base = hf_config.rope_theta if rope_theta is None else rope_theta
    scaled = getattr(hf_config, "rope_theta", 10000.0)
    return {"rope_theta": base, "scaled": scaled}
