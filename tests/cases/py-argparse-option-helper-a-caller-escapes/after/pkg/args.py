def add_model_args(parser):
    parser.add_argument("--model-path", type=str, default="lmsys/vicuna-7b-v1.5")
