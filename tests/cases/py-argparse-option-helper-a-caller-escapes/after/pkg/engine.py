def export(model_path, revision="main"):
    return model_path, revision
