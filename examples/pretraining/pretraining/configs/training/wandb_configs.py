from dataclasses import dataclass


@dataclass
class WandbConfig:
    out_dir: str = "out"
    wandb_log: bool = False
    wandb_project: str = "owt"
    wandb_run_name: str = "gpt2"
