from ..trainer.model_config import ModelConfig


def quantization(model_args: ModelConfig) -> dict:
    return {"compute_dtype": model_args.dtype}


def other(model) -> str:
    return model.config.torch_dtype  # a transformers config, not a ModelConfig: must not change
