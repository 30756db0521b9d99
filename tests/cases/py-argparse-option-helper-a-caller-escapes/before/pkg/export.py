import argparse

from pkg.args import add_model_args
from pkg.engine import export

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_model_args(parser)
    args = parser.parse_args()
    export(**vars(args))
