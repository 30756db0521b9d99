from dataclasses import dataclass


@dataclass
class CheckpointerConfig:
    always_save_checkpoint: bool = True  # save even when the val loss got worse
    init_from: str = "scratch"  # scratch | resume | gpt2*
