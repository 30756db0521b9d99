from dataclasses import dataclass


@dataclass
class BaseConfig:
    lr: float = 0.1  # peak learning rate
    seed: int = 0

    def describe(self) -> str:
        return f"lr={self.lr}"
