"""
Usage:
python3 -m data.clean --lang en --in-file sharegpt.json
"""
import argparse


def skip(conv, args):
    return args.lang != "all" and conv["lang"] != args.lang


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-file", type=str, required=True)
    parser.add_argument("--lang", type=str, default="all")
    args = parser.parse_args()
    print([skip(c, args) for c in []])
