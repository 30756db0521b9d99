from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelConfig:
    model_name_or_path: str = "gpt2"
    dtype: Optional[str] = field(default=None, metadata={"help": "Load the model under this dtype."})

    def __post_init__(self):
        if self.dtype == "float64":
            raise ValueError("no")
