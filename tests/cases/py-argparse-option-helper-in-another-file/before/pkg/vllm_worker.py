import argparse

from pkg.cli import VERSION

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-path", type=str)
    print(VERSION, parser.parse_args().model_path)
