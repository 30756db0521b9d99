"""Runs jobs on a backend with a bounded number in flight, a per-job timeout and retries.

A backend starts a job and hands back a handle; the scheduler asks which handles are ready,
collects their outcomes, and cancels those past their deadline. A failure worth another attempt
(a clone that failed, a worker that died, a timeout) is queued again until ``retries`` runs out.
Outcomes are passed to ``emit`` as they arrive, so an interrupted campaign keeps what it finished.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from cfgmigrate.batch.job import FAILED, RepoJob, RepoOutcome, failed


class Backend(Protocol):
    slots: int  # jobs it runs at once

    def start(self, job: RepoJob) -> Hashable: ...

    def ready(self, handles: Sequence[Hashable], timeout: float | None) -> list[Hashable]: ...

    def result(self, handle: Hashable) -> RepoOutcome: ...  # may raise: the job crashed

    def cancel(self, handle: Hashable) -> None: ...


@dataclass(frozen=True)
class Limits:
    retries: int = 1  # further attempts after a retryable failure
    timeout_s: float | None = None  # per attempt, from its start


@dataclass
class _Attempt:
    job: RepoJob
    number: int
    started: float


def schedule(jobs: Iterable[RepoJob], backend: Backend, limits: Limits, emit: Callable[[RepoOutcome], None]) -> None:
    queue = deque((job, 1) for job in jobs)
    running: dict[Hashable, _Attempt] = {}
    while queue or running:
        while queue and len(running) < max(1, backend.slots):
            job, number = queue.popleft()
            running[backend.start(job)] = _Attempt(job, number, time.monotonic())
        for handle, outcome in _settled(backend, running, limits.timeout_s):
            attempt = running.pop(handle)
            if outcome.retryable and attempt.number <= limits.retries:
                queue.append((attempt.job, attempt.number + 1))
            else:
                emit(_final(outcome, attempt.number))


def _settled(backend: Backend, running: dict[Hashable, _Attempt], timeout_s: float | None) -> list[tuple[Hashable, RepoOutcome]]:
    """Wait for the first job to finish (or the nearest deadline); what finished and what timed out."""
    now = time.monotonic()
    wait = None if timeout_s is None else max(0.0, min(a.started + timeout_s for a in running.values()) - now)
    ready = backend.ready(list(running), wait)
    out = [(h, _collect(backend, h, running[h].job)) for h in ready]
    if timeout_s is not None:
        now = time.monotonic()
        for handle, attempt in running.items():
            if handle not in ready and now >= attempt.started + timeout_s:
                backend.cancel(handle)
                out.append((handle, failed(attempt.job, f"timed out after {timeout_s:g} s", retryable=True)))
    return out


def _collect(backend: Backend, handle: Hashable, job: RepoJob) -> RepoOutcome:
    try:
        return backend.result(handle)
    except Exception as e:  # the worker died or the task raised: recorded, and tried again
        first = (str(e).strip().splitlines() or [""])[0][:300]  # Ray's errors carry whole tracebacks
        return failed(job, f"the job crashed: {type(e).__name__}: {first}", retryable=True)


def _final(outcome: RepoOutcome, attempts: int) -> RepoOutcome:
    if outcome.state == FAILED and attempts > 1:
        outcome = replace(outcome, message=f"{outcome.message} ({attempts} attempts)")
    return replace(outcome, retryable=False)
