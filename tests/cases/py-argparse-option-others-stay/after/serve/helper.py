def add_model_args(parser):
    parser.add_argument("--model-path", type=str)
    parser.add_argument("--revision", type=str, default="main")
