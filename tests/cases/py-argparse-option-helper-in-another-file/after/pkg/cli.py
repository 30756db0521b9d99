"""Chat in the terminal.

Usage: python3 -m pkg.cli --model-name-or-path lmsys/vicuna-7b-v1.5
"""
import argparse

from pkg.args import add_model_args

VERSION = "1"


def main(args):
    print(args.model_name_or_path, args.revision)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_model_args(parser)
    parser.add_argument("--style", default="simple")
    main(parser.parse_args())
