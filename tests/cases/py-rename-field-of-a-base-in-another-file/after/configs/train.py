from dataclasses import dataclass

from configs.base import BaseConfig


@dataclass
class TrainConfig(BaseConfig):
    epochs: int = 1

    def scaled(self) -> float:
        return self.learning_rate * self.epochs
