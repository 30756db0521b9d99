"""Atomic, hash-checked writes: a file is either entirely old or entirely new."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.reader import read_regular
from cfgmigrate.tempfiles import SUFFIX, create, temp_prefix

WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
BATCH = 256  # files staged (temp files on disk at once) per fsync barrier
FSYNC_THREADS = 16


class StaleFile(Exception):
    """The file changed on disk since it was read; it is not overwritten."""


class Refused(Exception):
    """The file may not be written (no write bit, a link leaving the root); it is left as it was."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_target(path: Path, root: Path) -> Path:
    """The file a write to ``path`` lands on: ``path`` itself, or a symlink's target inside ``root``.

    Raises Refused for a link that leaves ``root``, and OSError for a broken link or a loop."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path, strict=True))
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise Refused("symlink leaves the project root") from None
    return target


@dataclass(frozen=True)
class Write:
    """One file to write: the path as listed (a symlink is followed), the new bytes, and the
    digest of the bytes it was read as."""

    path: Path
    data: bytes
    expected_digest: str


@dataclass(frozen=True)
class _Staged:
    """A file whose new bytes are in its temp file, waiting for the rename."""

    target: Path
    temp: str
    expected_digest: str


@dataclass(frozen=True)
class _Committed:
    """A file renamed into place."""

    target: Path


def write_atomic(path: Path, data: bytes, expected_digest: str, root: Path | None = None) -> None:
    """Write ``data`` to ``path`` via a temp file + ``os.replace``, keeping mode bits, owner and group.

    A symlink is written through to its target (refused when the target lies outside ``root``).
    Raises Refused for a file without any write bit (also for root, whom ``os.access`` never
    refuses: the mode bits decide), StaleFile when the bytes on disk no longer hash to
    ``expected_digest``, and OSError when the file or its folder cannot be written."""
    [problem] = write_all([Write(path, data, expected_digest)], root if root is not None else path.parent)
    if problem is not None:
        raise problem


def write_all(writes: Sequence[Write], root: Path, batch: int = BATCH) -> list[Exception | None]:
    """Write every file atomically, ``batch`` at a time; per file, None or why it was not written.

    The fsync policy (docs/scale.md, "Kill safety"): each batch's temp files are written, then
    fsynced together (concurrently, so the filesystem commits them as a group), then each file's
    digest is checked again and its temp file renamed over it, then each folder is fsynced once.
    A kill at any moment leaves every file old or new; a file is renamed only once its new bytes
    are on disk. ``CFGMIGRATE_FSYNC=each`` fsyncs each temp file on its own before its rename."""
    out: list[Exception | None] = []
    kill = KillPoint.from_environment()
    for i in range(0, len(writes), batch):
        out += _write_batch(writes[i : i + batch], root, kill)
    return out


class KillPoint:
    """Tests only: ``CFGMIGRATE_KILL_AT=staged:K`` (after the K-th temp file is written),
    ``fsynced`` (after a batch's fsync barrier, before its renames) or ``renamed:K`` (after the K-th
    rename) SIGKILLs this process there, so a kill test knows exactly where the run died."""

    def __init__(self, stage: str = "", at: int = 0) -> None:
        self.stage, self.at, self.seen = stage, at, 0

    @classmethod
    def from_environment(cls) -> KillPoint:
        stage, _, at = os.environ.get("CFGMIGRATE_KILL_AT", "").partition(":")
        return cls(stage, int(at or 0))

    def reached(self, stage: str) -> None:
        if stage == self.stage:
            self.seen += 1
            if self.seen >= self.at:
                os.kill(os.getpid(), signal.SIGKILL)


def _write_batch(writes: Sequence[Write], root: Path, kill: KillPoint | None = None) -> list[Exception | None]:
    kill = kill or KillPoint()
    outcomes: list[Any] = []
    try:
        for w in writes:  # a loop, so an interrupt here still discards what was staged
            outcomes.append(_outcome(_stage, w, root))
            kill.reached("staged")
        if os.environ.get("CFGMIGRATE_FSYNC") != "each":
            outcomes = _in_threads(_flushed, outcomes)
        kill.reached("fsynced")
        outcomes = [_committed(o, kill) for o in outcomes]
    finally:
        for o in outcomes:
            if isinstance(o, _Staged):  # not committed (an interrupt): the file stays old
                _discard(o.temp)
    folders = sorted({str(o.target.parent) for o in outcomes if isinstance(o, _Committed)})
    _in_threads(_synced_folder, folders)
    return [None if isinstance(o, _Committed) else o for o in outcomes]


def _outcome(step: Callable[..., Any], *args: Any) -> Any:
    try:
        return step(*args)
    except (Refused, StaleFile, OSError) as e:
        return e


def _stage(w: Write, root: Path) -> _Staged:
    """The new bytes in a temp file next to the target, with its mode, owner and group."""
    target = write_target(w.path, root)
    st = target.stat()
    if not st.st_mode & WRITE_BITS:
        raise Refused("read-only file (no write bit)")
    fd, tmp = create(target.parent, temp_prefix(target.name), SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(w.data)
            f.flush()
            _keep_owner(f.fileno(), st)
            os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
            if os.environ.get("CFGMIGRATE_FSYNC") == "each":
                os.fsync(f.fileno())
    except BaseException:
        _discard(tmp)
        raise
    return _Staged(target, tmp, w.expected_digest)


def _committed(o: Any, kill: KillPoint) -> Any:
    if not isinstance(o, _Staged):
        return o
    done = _outcome(_commit, o)
    kill.reached("renamed")
    return done


def _commit(s: _Staged) -> _Committed:
    """Replace the target by its temp file, unless the target changed since it was read."""
    try:
        if digest(read_regular(s.target, sys.maxsize)[0]) != s.expected_digest:
            raise StaleFile("changed since it was read")
        os.replace(s.temp, s.target)
    except BaseException:
        _discard(s.temp)
        raise
    return _Committed(s.target)


def _discard(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def _flushed(o: Any) -> Any:
    """A staged temp file once its bytes are on disk, or why they could not be (EIO, ENOSPC)."""
    if not isinstance(o, _Staged):
        return o
    try:
        _fsync_path(o.temp)
    except OSError as e:
        _discard(o.temp)
        return e
    return o


def _synced_folder(folder: str) -> None:
    """The renames in ``folder`` made durable; a folder that cannot be fsynced is left to the OS."""
    with contextlib.suppress(OSError):
        _fsync_path(folder)


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _in_threads(work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``work`` on every item, concurrently: fsyncs issued together are committed together.

    Up to FSYNC_THREADS threads take the items in turn (a plain fan-out costs less than an
    executor's future per item); an exception ``work`` raises stops the threads and is raised
    here, as ``pool.map`` would, never read as a result."""
    if len(items) <= 1:
        return [work(i) for i in items]
    import threading

    out: list[Any] = [None] * len(items)
    turns = iter(range(len(items)))  # shared: each next() hands one item to one thread
    raised: list[BaseException] = []

    def take_turns() -> None:
        try:
            for i in turns:
                if raised:
                    return
                out[i] = work(items[i])
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread below
            raised.append(e)

    threads = [threading.Thread(target=take_turns) for _ in range(min(FSYNC_THREADS, len(items)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if raised:
        raise raised[0]
    return out


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group where the OS allows (root may; others may
    keep the group when they belong to it); otherwise the new file is the writer's."""
    if (st.st_uid, st.st_gid) == (os.getuid(), os.getgid()):
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, st.st_uid, st.st_gid)
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, -1, st.st_gid)
