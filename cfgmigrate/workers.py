"""Worker processes for the files that need a parser: results in input order, and a worker that
dies (a parser crashing on one file) costs that one file, never the run.

When the pool breaks, the results it returned are kept and the rest of the batch is retried in
fresh pools, halved each time it breaks again, until the file that breaks a pool on its own is
found; that file gets the ``crashed`` result. k crashing files cost about 2·k·log2(n) pool starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_in_workers(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    crashed: Callable[[Item], Result],
    done: Callable[[], None] = lambda: None,
) -> list[Result]:
    """``work`` applied to every item in ``jobs`` processes; ``crashed(item)`` for an item whose
    worker died on it. ``done`` is called once per item settled."""
    pool = _Batches(work, items, jobs, done)
    batches = [list(range(len(items)))]
    while batches:
        rest = pool.run(batches.pop())
        if len(rest) == 1:
            pool.settle(rest[0], crashed(items[rest[0]]))
        elif rest:
            half = len(rest) // 2
            batches += [rest[half:], rest[:half]]  # the first half (where the crash was) first
    return [pool.results[i] for i in range(len(items))]


class _Batches(Generic[Item, Result]):
    def __init__(self, work: Callable[[Item], Result], items: Sequence[Item], jobs: int, done: Callable[[], None]) -> None:
        self.work, self.items, self.jobs, self.done = work, items, jobs, done
        self.results: dict[int, Result] = {}

    def settle(self, index: int, result: Result) -> None:
        self.results[index] = result
        self.done()

    def run(self, batch: list[int]) -> list[int]:
        """Run ``batch`` in a fresh pool; the indexes left unsettled when the pool broke."""
        size = max(1, len(batch) // (self.jobs * 8))
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(chunks))) as pool:
            futures = []
            for chunk in chunks:
                try:
                    futures.append(pool.submit(_work_chunk, self.work, [self.items[i] for i in chunk]))
                except BrokenProcessPool:  # a worker died while the rest was being handed out
                    break
            for chunk, future in zip(chunks, futures, strict=False):  # unsubmitted chunks stay unsettled
                self._collect(chunk, future)
        return [i for i in batch if i not in self.results]

    def _collect(self, chunk: list[int], future: Future[list[Result]]) -> None:
        try:
            results = future.result()
        except BrokenProcessPool:
            return
        for index, result in zip(chunk, results, strict=True):
            self.settle(index, result)


def _work_chunk(work: Callable[[Item], Result], chunk: list[Item]) -> list[Result]:
    return [work(item) for item in chunk]
