import torch
from transformers import HfArgumentParser

from mylib import ModelConfig


class ScriptArguments:
    dataset: str = "x"


def main(script_args, model_args):
    dtype = model_args.dtype if model_args.dtype in ["auto", None] else getattr(torch, model_args.dtype)
    return dtype, script_args.torch_dtype  # a ScriptArguments: must not change


if __name__ == "__main__":
    parser = HfArgumentParser((ScriptArguments, ModelConfig))
    script_args, model_args = parser.parse_args_into_dataclasses()
    main(script_args, model_args)
