import argparse

from pkg.args import add_model_args

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_model_args(parser)
    print(parser.parse_args().model_path)
