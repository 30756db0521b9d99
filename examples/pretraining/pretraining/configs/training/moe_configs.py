from dataclasses import dataclass


@dataclass
class MoEConfig:
    num_experts: int = 8
    top_k: int = 2
    aux_loss_weight: float = 0.01
    capacity_factor: float = 1.25
    drop_tokens: bool = True
    z_loss_weight: float = 0.001


@dataclass
class MTPConfig:
    mtp_loss_weight: float = 0.3
