"""HfArgumentParser-style arguments: every default lives in field(...) next to its help text."""
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelArguments:
    model_name_or_path: str = field(metadata={"help": "Hub id or local path"})
    torch_dtype: Optional[str] = field(
        default=None,
        metadata={"help": "Load the weights in this dtype", "choices": ["auto", "bfloat16", "float16", "float32"]},
    )
    use_flash_attention_2: bool = field(default=True, metadata={"help": "Use FlashAttention-2"})


@dataclass
class DataArguments:
    learning_rate: float = field(default=1, metadata={"help": "Peak learning rate"})
    text_columns: list = field(default_factory=list, metadata={"help": "Columns holding text"})
