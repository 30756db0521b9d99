from dataclasses import dataclass


@dataclass
class DataConfig:
    """Where the training data comes from."""

    dataset: str  # HF hub id or a local name
    data_dir: str = "data"
