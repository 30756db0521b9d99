"""A factory of this file: make_parser() returns the parser on both paths."""

import argparse

from transformers import HfArgumentParser

from mylib import ModelConfig, ScriptArguments


def main(script_args, model_args):
    print(model_args.torch_dtype, script_args.torch_dtype)


def make_parser(subparsers: argparse._SubParsersAction = None):
    dataclass_types = (ScriptArguments, ModelConfig)
    if subparsers is not None:
        parser = subparsers.add_parser("sft", help="Run SFT", dataclass_types=dataclass_types)
    else:
        parser = HfArgumentParser(dataclass_types)
    return parser


if __name__ == "__main__":
    parser = make_parser()
    script_args, model_args, _ = parser.parse_args_and_config(return_remaining_strings=True)
    main(script_args, model_args)
