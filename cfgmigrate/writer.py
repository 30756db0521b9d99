"""Atomic, hash-checked writes: a file is either entirely old or entirely new."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from cfgmigrate.reader import read_regular
from cfgmigrate.tempfiles import SUFFIX, temp_prefix

WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


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


def write_atomic(path: Path, data: bytes, expected_digest: str, root: Path | None = None) -> None:
    """Write ``data`` to ``path`` via a temp file + ``os.replace``, keeping mode bits, owner and group.

    A symlink is written through to its target (refused when the target lies outside ``root``).
    Raises Refused for a file without any write bit (also for root, whom ``os.access`` never
    refuses: the mode bits decide), StaleFile when the bytes on disk no longer hash to
    ``expected_digest``, and OSError when the file or its folder cannot be written."""
    target = write_target(path, root if root is not None else path.parent)
    st = target.stat()
    if not st.st_mode & WRITE_BITS:
        raise Refused("read-only file (no write bit)")
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target.name), suffix=SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _keep_owner(f.fileno(), st)
            os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(f.fileno())
        if digest(read_regular(target, sys.maxsize)[0]) != expected_digest:  # re-checked just before replacing
            raise StaleFile("changed since it was read")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
