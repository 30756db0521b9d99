"""Unified diffs with ``a/`` and ``b/`` prefixes that ``git apply`` accepts.

Lines are split at ``\\n`` only, as git splits them: a CRLF file's diff keeps each ``\\r`` (readable
in a pull request, and ``git apply`` takes it as bytes), and a form feed or U+2028 inside a line
stays inside it. Only text that git itself would call binary (a NUL byte) gets a git binary patch.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import zlib

from cfgmigrate.escape import git_quoted
from cfgmigrate.types import Status

NO_NEWLINE = "\\ No newline at end of file\n"


def lines_of(text: str) -> list[str]:
    """``text`` in lines that end at ``\\n`` (kept), the way git and ``git apply`` see them."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def unified(path: str, old: str, new: str, context: int = 3) -> list[str]:
    """The unified diff lines of one file; a last line without a newline is marked as git does."""
    out = []
    for line in difflib.unified_diff(lines_of(old), lines_of(new), git_quoted(f"a/{path}"), git_quoted(f"b/{path}"), n=context):
        if line.startswith(("---", "+++")):
            out.append(line if line.endswith("\n") else line + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    return out


def file_diff(path: str, old: str, new: str, context: int = 3) -> str:
    if old == new:
        return ""
    if "\0" in old or "\0" in new:
        return binary_patch(path, old.encode("utf-8"), new.encode("utf-8"))
    return _git_header(path) + "".join(unified(path, old, new, context))


def _git_header(path: str) -> str:
    """``diff --git a/P b/P``, the names quoted as git quotes them (a newline in a name stays inside)."""
    return f"diff --git {git_quoted(f'a/{path}')} {git_quoted(f'b/{path}')}\n"


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _literal(data: bytes) -> str:
    packed = zlib.compress(data, 9)
    lines = [f"literal {len(data)}\n"]
    for i in range(0, len(packed), 52):
        chunk = packed[i : i + 52]
        size = chr(ord("A") + len(chunk) - 1) if len(chunk) <= 26 else chr(ord("a") + len(chunk) - 27)
        lines.append(size + base64.b85encode(chunk, pad=True).decode("ascii") + "\n")
    return "".join(lines) + "\n"


def binary_patch(path: str, old: bytes, new: bytes) -> str:
    """A ``GIT binary patch`` (ASCII only) that turns ``old`` into ``new``."""
    header = f"{_git_header(path)}index {_blob_id(old)}..{_blob_id(new)}\nGIT binary patch\n"
    return header + _literal(new) + _literal(old)


def render(plan) -> str:  # type: ignore[no-untyped-def]
    return "".join(file_diff(r.path, r.old_text, r.new_text) for r in plan.results if r.status is Status.CHANGED)
