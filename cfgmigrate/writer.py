"""Atomic, hash-checked writes: a file is either entirely old or entirely new."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path


class StaleFile(Exception):
    """The file changed on disk since it was read; it is not overwritten."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes, expected_digest: str) -> None:
    """Write ``data`` to ``path`` via a temp file + ``os.replace``, keeping mode bits.

    Raises StaleFile when the bytes on disk no longer hash to ``expected_digest``, and OSError
    when the file or its folder cannot be written (a read-only file is refused, not chmod-ed).
    """
    mode = stat.S_IMODE(path.stat().st_mode)
    if not os.access(path, os.W_OK):  # os.replace would succeed anyway: the folder, not the file, decides
        raise PermissionError(f"{path.name} is read-only")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cfgmigrate.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if digest(path.read_bytes()) != expected_digest:  # re-checked just before replacing
            raise StaleFile(f"{path} changed since it was read; not overwritten")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
