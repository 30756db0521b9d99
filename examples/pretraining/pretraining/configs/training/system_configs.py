from dataclasses import dataclass


@dataclass
class TorchCompilationConfig:
    compile: bool = True


@dataclass
class DistributedConfig:
    backend: str = "nccl"


@dataclass
class DeviceConfig:
    device: str
    dtype: str
