import dataclasses


@dataclasses.dataclass(kw_only=True)
class EvaluatorConfig:
    eval_interval: int = 2000
    eval_iters: int
