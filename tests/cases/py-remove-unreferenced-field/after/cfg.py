from dataclasses import dataclass


@dataclass
class DataConfig:
    dataset: str
    num_workers: int = 4
