"""Megatron-Bridge-style provider: reads of a Hugging Face config that transformers 5 drops."""


def provider_bridge(hf_pretrained):
    source = hf_pretrained.config
    return dict(
        num_layers=source.num_hidden_layers,
        rotary_base=source.rope_parameters["rope_theta"],
        rotary_scaling=getattr(source, "rope_scaling", None),
    )
