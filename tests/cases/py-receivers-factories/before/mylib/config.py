from dataclasses import dataclass


@dataclass
class ModelConfig:
    model_name_or_path: str = "gpt2"
    torch_dtype: str = "auto"


@dataclass
class ScriptArguments:
    dataset_name: str = "imdb"
    torch_dtype: str = "float32"  # a same-named field of another class: stays
