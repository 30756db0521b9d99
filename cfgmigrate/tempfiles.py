"""The temp files of atomic writes, and the ones a killed run left behind.

A write goes to ``.NAME.PID.XXXXXXXX.cfgmigrate.tmp`` next to the file, then replaces it. A run
killed between the two leaves that file; a later run sees it among the project's files and, when
the process that made it is gone, removes it and says so (a preview only says so)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Sequence
from pathlib import Path

SUFFIX = ".cfgmigrate.tmp"
NAME = re.compile(r"^\..+?\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{8}\.cfgmigrate\.tmp$")
NAMELESS_AGE_S = 3600  # a temp file without a pid (cfgmigrate <= 0.1.0) is stale after an hour


def temp_prefix(name: str) -> str:
    """The prefix of a temp file for ``name``: the name (cut short: the whole must fit NAME_MAX)
    and this process's id, which tells a later run whether its writer is still alive."""
    return f".{name[:120]}.{os.getpid()}."


def create(folder: str | os.PathLike[str], prefix: str, suffix: str = "") -> tuple[int, str]:
    """A new file ``PREFIX + 8 random hex digits + SUFFIX`` in ``folder``, open for writing (mode
    0600, close-on-exec, never an existing file or a link): its descriptor and path. What
    ``tempfile.mkstemp`` does, without importing ``tempfile`` (with ``shutil`` and ``random``) at
    start-up: every run that writes a file needs this, and start-up is a cost every run pays."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(4).hex()}{suffix}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name in {folder}")


def stale_temps(root: Path, relpaths: Sequence[str]) -> tuple[str, ...]:
    """The files among ``relpaths`` that are temp files of a run that is no longer running."""
    return tuple(rel for rel in relpaths if NAME.match(rel.rsplit("/", 1)[-1]) and _is_stale(root / rel))


def remove(root: Path, relpaths: Sequence[str]) -> tuple[str, ...]:
    """Remove these stale temp files (still regular files, still stale); the ones removed."""
    removed = []
    for rel in stale_temps(root, relpaths):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / rel)
            removed.append(rel)
    return tuple(removed)


def _is_stale(path: Path) -> bool:
    match = NAME.match(path.name)
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if match is None or not stat.S_ISREG(st.st_mode):
        return False
    if match["pid"] is None:
        return time.time() - st.st_mtime > NAMELESS_AGE_S
    return not _alive(int(match["pid"]))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True
