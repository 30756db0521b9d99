"""A factory whose paths build parsers on different classes, and one that returns something else."""

from transformers import HfArgumentParser

from mylib import ModelConfig, ScriptArguments


def make_parser(swap: bool):
    if swap:
        return HfArgumentParser((ModelConfig, ScriptArguments))
    return HfArgumentParser((ScriptArguments, ModelConfig))


def make_other():
    return object()


def run(swap: bool):
    first, second = make_parser(swap).parse_args_into_dataclasses()
    left, right = make_other().parse_args_into_dataclasses()
    return first.torch_dtype, second.torch_dtype, left.torch_dtype, right.torch_dtype
