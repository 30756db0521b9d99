from dataclasses import dataclass


@dataclass
class EvalConfig:
    lr: float = 0.0  # a field of its own, not bound: stays


def make() -> EvalConfig:
    return EvalConfig(lr=1.0)
