from .config import ModelConfig, ScriptArguments

__all__ = ["ModelConfig", "ScriptArguments"]
