FLAGS = ["--model-path", "--port"]


def is_model_flag(arg):
    return arg == "--model-path"


def command(path):
    cmd = ["python3", "-m", "vllm.entrypoints.api_server"]
    cmd.append("--model-path")
    return cmd + [path]
