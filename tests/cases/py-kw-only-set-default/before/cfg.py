import dataclasses


@dataclasses.dataclass(kw_only=True)
class EvaluatorConfig:
    eval_interval: int
    eval_iters: int
