from transformers import AutoConfig


def provider(hf_pretrained, args):
    hf_config = hf_pretrained.config
    text_config = hf_config.text_config
    return dict(
        rotary_base=hf_config.rope_theta,
        text_rotary_base=text_config.rope_theta,
        dtype=hf_config.torch_dtype,
        own=args.rope_theta,  # not a transformers config: stays
    )


def load(path):
    config = AutoConfig.from_pretrained(path)
    config.torch_dtype = "bfloat16"
    return config
