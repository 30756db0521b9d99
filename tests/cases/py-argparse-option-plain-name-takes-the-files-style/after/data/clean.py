"""
Usage:
python3 -m data.clean --keep-lang en --in-file sharegpt.json
"""
import argparse


def skip(conv, args):
    return args.keep_lang != "all" and conv["lang"] != args.keep_lang


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-file", type=str, required=True)
    parser.add_argument("--keep-lang", type=str, default="all")
    args = parser.parse_args()
    print([skip(c, args) for c in []])
