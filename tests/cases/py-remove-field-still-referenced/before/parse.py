def split(cfg):
    return cfg["data"].get("val_split", 0.1)
