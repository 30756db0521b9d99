from dataclasses import dataclass


@dataclass
class BaseConfig:
    learning_rate: float = 0.1  # peak learning rate
    seed: int = 0

    def describe(self) -> str:
        return f"lr={self.learning_rate}"
