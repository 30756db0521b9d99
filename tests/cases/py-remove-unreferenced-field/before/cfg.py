from dataclasses import dataclass


@dataclass
class DataConfig:
    dataset: str
    use_legacy_loader: bool = False  # unused since v2
    num_workers: int = 4
