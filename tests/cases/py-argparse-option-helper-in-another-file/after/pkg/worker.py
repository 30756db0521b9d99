import argparse

from pkg import add_model_args


def create_worker():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=21002)
    add_model_args(parser)
    args = parser.parse_args()
    return args, f"worker for {args.model_name_or_path}"


if __name__ == "__main__":
    args, worker = create_worker()
    print(worker, vars(args)["model_name_or_path"])
