"""A rich progress bar on stderr, only on a terminal and only once a run is long enough to need one."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator

SHOW_AFTER_SECONDS = 1.0


@contextlib.contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """Yields a ``progress(done, total)`` callback, or None when stderr is not a terminal, under CI,
    when turned off (--quiet, --color never) or with NO_COLOR: rich's bar moves the cursor with
    escape sequences, which NO_COLOR asks a terminal to be spared."""
    if not enabled or not sys.stderr.isatty() or os.environ.get("CI") or os.environ.get("NO_COLOR"):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    started = time.monotonic()
    with Progress(console=console, transient=True) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None and time.monotonic() - started < SHOW_AFTER_SECONDS:
                return
            if task is None:
                task = bar.add_task("cfgmigrate", total=total)
            bar.update(task, completed=done)

        yield update
