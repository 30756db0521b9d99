from dataclasses import dataclass


@dataclass
class EvaluatorConfig:
    eval_interval: int
    eval_iters: int
    eval_only: bool
