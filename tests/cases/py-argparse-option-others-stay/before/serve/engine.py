def export(model_path, out):
    return model_path, out


def train(args):
    return args.model_path
