"""``--executor local``: ``slots`` long-lived worker processes, one repository at a time each.

Workers are started with ``spawn`` (safe whatever threads the caller runs: Ray's, a test's) and
reused, so cfgmigrate is imported once per worker, not once per repository. A worker past its
deadline is killed and replaced: that is what makes the per-repository timeout real, and a worker
that dies takes only its own repository with it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Hashable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from cfgmigrate.batch.job import RepoJob, RepoOutcome, run_job


class LocalBackend:
    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[tuple[Connection, BaseProcess]] = []
        self._busy: dict[Connection, BaseProcess] = {}

    def start(self, job: RepoJob) -> Hashable:
        conn, worker = self._idle.pop() if self._idle else self._new_worker()
        try:
            conn.send(job)
        except OSError:  # the idle worker died meanwhile: a fresh one takes the job
            self._discard(conn, worker)
            conn, worker = self._new_worker()
            conn.send(job)
        self._busy[conn] = worker
        return conn

    def ready(self, handles: Sequence[Hashable], timeout: float | None) -> list[Hashable]:
        return list(wait([h for h in handles if isinstance(h, Connection)], timeout))

    def result(self, handle: Hashable) -> RepoOutcome:
        assert isinstance(handle, Connection)
        worker = self._busy.pop(handle)
        try:
            answer: RepoOutcome | str = handle.recv()
        except EOFError:
            self._discard(handle, worker)
            raise RuntimeError(f"worker process died (exit code {worker.exitcode})") from None
        self._idle.append((handle, worker))
        if isinstance(answer, str):
            raise RuntimeError(answer)
        return answer

    def cancel(self, handle: Hashable) -> None:
        assert isinstance(handle, Connection)
        self._discard(handle, self._busy.pop(handle))

    def close(self) -> None:
        for conn, worker in [*self._idle, *self._busy.items()]:
            self._discard(conn, worker)
        self._idle, self._busy = [], {}

    def _new_worker(self) -> tuple[Connection, BaseProcess]:
        ours, theirs = self._context.Pipe(duplex=True)
        worker = self._context.Process(target=serve, args=(theirs,), daemon=True, name="cfgmigrate-batch-worker")
        worker.start()
        theirs.close()  # the worker holds the only other end: its death reads as end of file
        return ours, worker

    @staticmethod
    def _discard(conn: Connection, worker: BaseProcess) -> None:
        worker.kill()
        worker.join()
        conn.close()


def serve(conn: Connection) -> None:
    """A worker's loop: a job in, its outcome out (or the error text of a bug), until the pipe closes."""
    while True:
        try:
            job: RepoJob = conn.recv()
        except EOFError:
            return
        try:
            answer: RepoOutcome | str = run_job(job)
        except Exception as e:  # a bug in cfgmigrate: this repository fails, the worker lives on
            answer = f"{type(e).__name__}: {e}"
        conn.send(answer)
