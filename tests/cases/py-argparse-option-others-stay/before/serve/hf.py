from dataclasses import dataclass

from transformers import HfArgumentParser


@dataclass
class ServeArguments:
    port: int = 21002


if __name__ == "__main__":
    parser = HfArgumentParser(ServeArguments)
    parser.add_argument("--model-path", type=str)
    serve_args, extra = parser.parse_args_into_dataclasses()
    print(serve_args.port, extra.model_path)
