"""HfArgumentParser-style arguments: every default lives in field(...) next to its help text."""
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelArguments:
    model_name_or_path: str = field(metadata={"help": "Hub id or local path"})
    torch_dtype: Optional[str] = field(
        default="bfloat16",
        metadata={"help": "Load the weights in this dtype", "choices": ["auto", "bfloat16", "float16", "float32"]},
    )
    attn_implementation: str = field(default="flash_attention_2", metadata={"help": "Use FlashAttention-2"})


@dataclass
class DataArguments:
    learning_rate: float = field(default=1.0, metadata={"help": "Peak learning rate"})
    text_columns: list = field(default_factory=lambda: ["text"], metadata={"help": "Columns holding text"})
