"""Turns the YAML dict into the typed config objects the trainer uses."""

from pretraining.configs.training.checkpointer_configs import CheckpointerConfig
from pretraining.configs.training.data_configs import DataConfig
from pretraining.configs.training.evaluator_configs import EvaluatorConfig
from pretraining.configs.training.system_configs import DeviceConfig, DistributedConfig, TorchCompilationConfig
from pretraining.configs.training.wandb_configs import WandbConfig


def parse_data(cfg: dict) -> DataConfig:
    data = cfg["data"]
    return DataConfig(
        dataset=data["dataset"],
        data_dir=data.get("data_dir", "data"),
        num_workers=data.get("num_workers", 4),
        pin_memory=data.get("pin_memory", True),
    )


def parse_system(cfg: dict):
    system = cfg["system"]
    device = DeviceConfig(device=system["device"]["device"], dtype=system["device"]["dtype"])
    compile_cfg = TorchCompilationConfig(
        compile=system["compile"]["compile"],
        compile_mode=system["compile"].get("compile_mode", "default"),
    )
    dist = system["distributed"]
    distributed = DistributedConfig(
        backend=dist["backend"],
        ddp_bucket_cap_mb=dist.get("ddp_bucket_cap_mb", 25),
        find_unused_parameters=dist.get("find_unused_parameters", False),
    )
    return device, compile_cfg, distributed


def parse_wandb(cfg: dict) -> WandbConfig:
    w = cfg["wandb"]
    return WandbConfig(
        enabled=w["enabled"],
        project=w["project"],
        run_name=w.get("run_name"),
        tags=w.get("tags", []),
        log_model=w.get("log_model", False),
    )


def parse_checkpointer(cfg: dict) -> CheckpointerConfig:
    c = cfg["checkpointer"]
    return CheckpointerConfig(
        always_save_checkpoint=c["always_save_checkpoint"],
        init_from=c["init_from"],
        save_dir=c["save_dir"],
        save_interval=c["save_interval"],
        save_best=c.get("save_best", True),
        keep_last_n=c.get("keep_last_n"),
        resume_from=c.get("resume_from"),
    )


def parse_evaluator(cfg: dict) -> EvaluatorConfig:
    e = cfg["evaluator"]
    return EvaluatorConfig(eval_interval=e["eval_interval"], eval_iters=e["eval_iters"], eval_only=e.get("eval_only", False))
