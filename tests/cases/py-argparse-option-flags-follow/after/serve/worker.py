"""A model worker.

Usage:
    python3 serve/worker.py --model-name-or-path lmsys/vicuna-7b-v1.5 --port 21002
"""

import argparse

from serve.engine import load


def main(args):
    model = load(args.model_name_or_path, revision=getattr(args, "revision"))
    print(f"serving {args.model_name_or_path} on {args.port}")
    if vars(args)["model_name_or_path"].startswith("/"):
        print("local weights")
    return model


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-m", "--model-name-or-path", type=str, default="lmsys/vicuna-7b-v1.5")
    parser.add_argument("--revision", type=str, default="main")
    parser.add_argument("--port", type=int, default=21002)
    parser.set_defaults(model_name_or_path="lmsys/vicuna-7b-v1.5")
    args = parser.parse_args()
    main(args)
