def load(path, revision="main"):
    return (path, revision)
