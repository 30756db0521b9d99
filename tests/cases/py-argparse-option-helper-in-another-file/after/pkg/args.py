def add_model_args(parser):
    parser.add_argument("--model-name-or-path", type=str, default="lmsys/vicuna-7b-v1.5")
    parser.add_argument("--revision", type=str, default="main")
