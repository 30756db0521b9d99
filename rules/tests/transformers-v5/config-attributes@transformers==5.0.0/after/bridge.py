from transformers import AutoConfig


def provider(hf_pretrained, args):
    hf_config = hf_pretrained.config
    text_config = hf_config.text_config
    return dict(
        rotary_base=hf_config.rope_parameters["rope_theta"],
        text_rotary_base=text_config.rope_parameters["rope_theta"],
        dtype=hf_config.dtype,
        own=args.rope_theta,  # not a transformers config: stays
    )


def load(path):
    config = AutoConfig.from_pretrained(path)
    config.dtype = "bfloat16"
    return config
