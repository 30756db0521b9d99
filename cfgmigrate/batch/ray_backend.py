"""``--executor ray``: one Ray task per repository, on a cluster or on a local Ray started for the run.

Ray is an optional extra (``pip install 'cfgmigrate[ray]'``) imported only here. Retries and the
timeout are the scheduler's (the same as for local workers): each task runs with ``max_retries=0``
and a task past its deadline is cancelled with ``force=True``, which ends its worker process.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Hashable, Sequence
from typing import Any

from cfgmigrate.batch.job import RepoJob, RepoOutcome, run_job


class RayUnavailable(Exception):
    """Ray is not installed, or the cluster cannot be reached."""


class RayBackend:
    def __init__(self, address: str | None, local_cpus: int) -> None:
        try:  # by name: mypy would otherwise check all of Ray's own code on every run of the gate
            ray = importlib.import_module("ray")
        except ImportError as e:
            raise RayUnavailable("--executor ray needs Ray: pip install 'cfgmigrate[ray]'") from e
        self._ray: Any = ray
        self._owned = not ray.is_initialized()  # a caller's Ray (a test session's, a notebook's) is reused
        if self._owned:
            _connect(ray, address, local_cpus)
        self._task = ray.remote(num_cpus=1, max_retries=0)(run_job)
        self.slots = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def start(self, job: RepoJob) -> Hashable:
        ref: Hashable = self._task.remote(job)
        return ref

    def ready(self, handles: Sequence[Hashable], timeout: float | None) -> list[Hashable]:
        first, rest = self._ray.wait(list(handles), num_returns=1, timeout=timeout)
        if not first or not rest:
            return list(first)
        more, _ = self._ray.wait(rest, num_returns=len(rest), timeout=0)
        return [*first, *more]

    def result(self, handle: Hashable) -> RepoOutcome:
        outcome: RepoOutcome = self._ray.get(handle)
        return outcome

    def cancel(self, handle: Hashable) -> None:
        self._ray.cancel(handle, force=True)

    def close(self) -> None:
        if self._owned:
            self._ray.shutdown()


def _connect(ray: Any, address: str | None, local_cpus: int) -> None:
    """Join the cluster at ``address`` (``auto``, ``ray://host:10001``, ``host:6379``), else start one here."""
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
    try:
        if address or os.environ.get("RAY_ADDRESS"):  # Ray's own variable names a cluster too
            ray.init(address=address or None, **options)
        else:
            ray.init(num_cpus=local_cpus, **options)
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise RayUnavailable(f"cannot start or reach Ray at {address or 'a new local instance'}: {e}") from e
