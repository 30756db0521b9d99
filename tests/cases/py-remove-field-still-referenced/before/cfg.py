from dataclasses import dataclass


@dataclass
class DataConfig:
    dataset: str
    val_split: float = 0.1
