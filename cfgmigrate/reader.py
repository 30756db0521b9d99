"""Read a file the run looks at without ever blocking: a FIFO, socket or device is refused, never
opened for a blocking read (the name may have become one since discovery listed it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


class NotRegular(OSError):
    """The path is not a regular file; the message says what it is."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (``"a FIFO"``)."""
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: Path | str, max_bytes: int) -> tuple[bytes, int]:
    """The file's bytes and size; ``b""`` for a file over ``max_bytes``, which is never read whole.

    Opened non-blocking, so a FIFO that appeared under the name cannot hang the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(f"not a regular file ({kind_of(st.st_mode)})")
        if st.st_size > max_bytes:
            return b"", st.st_size
        chunks = [os.read(fd, st.st_size + 1)]  # one read for a file that did not grow since fstat
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
        data = b"".join(chunks)
        return data, len(data)
    finally:
        os.close(fd)
