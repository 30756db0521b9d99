from argparse import ArgumentParser


def build():
    parser = ArgumentParser()
    parser.add_argument("--model-name-or-path", dest="model_path", type=str)
    return parser


def main():
    args = build().parse_args()
    print(args.model_path)


if __name__ == "__main__":
    main()
