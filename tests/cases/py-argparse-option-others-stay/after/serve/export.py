import argparse

from serve.engine import export

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-path")
    parser.add_argument("--out")
    args = parser.parse_args()
    export(**vars(args))
