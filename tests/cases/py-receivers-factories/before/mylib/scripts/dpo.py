"""Factories of another file, imported (absolute and relative)."""

from mylib.scripts.sft import make_parser as make_sft_parser

from .sft import make_parser


def run():
    script_args, model_args = make_sft_parser().parse_args_into_dataclasses()
    return model_args.torch_dtype, script_args.torch_dtype


def again():
    parser = make_parser()
    _, model_args = parser.parse_args_into_dataclasses()
    return model_args.torch_dtype
