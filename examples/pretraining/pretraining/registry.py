"""Builds the trainer's loop settings from the parsed YAML."""

TRAINING_KEYS = ("batch_size", "gradient_accumulation_steps", "max_iters", "log_interval", "eval_interval", "eval_iters")


def training_settings(cfg: dict) -> dict:
    training = cfg["training"]
    settings = {key: training[key] for key in TRAINING_KEYS}
    settings["seed"] = training["seed"]  # the YAML still has seed at the root
    return settings
