"""Which attention kernel really ran, seen at the dispatcher (no profiler needed), and the peak
memory of a verified model."""

from __future__ import annotations

import re
from typing import Any

# operators of fused or fallback attention kernels: CPU and CUDA flash, memory-efficient, cuDNN,
# the math fallback, and the flash-attn package's own ops; the SDPA entry point is not a kernel
ATTENTION_OP = re.compile(r"^\w+\.\w*(flash|efficient_attention|attention_math|cudnn_attention|fmha)\w*$")


class KernelRecorder:
    """A context manager that records every attention operator dispatched inside it.

    Used as ``with recorder: model(ids)``; ``attention_kernels()`` then lists them, sorted."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self._mode: Any = None

    def __enter__(self) -> KernelRecorder:
        from torch.utils._python_dispatch import TorchDispatchMode

        recorder = self

        class Record(TorchDispatchMode):  # type: ignore[no-untyped-call]  # torch's mode is untyped
            def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
                recorder.seen.add(str(func.overloadpacket))
                return func(*args, **(kwargs or {}))

        self._mode = Record()  # type: ignore[no-untyped-call]
        self._mode.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._mode.__exit__(*exc)

    def attention_kernels(self) -> list[str]:
        return sorted(name for name in self.seen if ATTENTION_OP.match(name))


def peak_memory_mb(model: Any) -> float:
    """CUDA: the allocator's peak since the last reset; CPU: the process's peak resident memory."""
    import resource

    import torch

    if next(model.parameters()).is_cuda:
        return float(torch.cuda.max_memory_allocated()) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
