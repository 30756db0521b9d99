"""Unified diffs with ``a/`` and ``b/`` prefixes that ``git apply`` accepts.

A file with carriage returns (CRLF line endings) gets a git binary patch: plain-text diffs lose
their ``\\r`` in any pipe that reads text with universal newlines, and then no longer apply. The
readable diff is kept above it as ``#`` commentary, which ``git apply`` skips.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import zlib

from cfgmigrate.escape import git_quoted
from cfgmigrate.types import Status

NO_NEWLINE = "\\ No newline at end of file\n"


def unified(path: str, old: str, new: str, context: int = 3) -> list[str]:
    """The unified diff lines of one file; a last line without a newline is marked as git does."""
    out = []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for line in difflib.unified_diff(old_lines, new_lines, git_quoted(f"a/{path}"), git_quoted(f"b/{path}"), n=context):
        if line.startswith(("---", "+++")):
            out.append(line if line.endswith("\n") else line + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    return out


def file_diff(path: str, old: str, new: str, context: int = 3) -> str:
    lines = unified(path, old, new, context)
    if not lines:
        return ""
    if "\r" in old or "\r" in new:
        readable = "".join("# " + line.replace("\r", "") for line in lines)
        return readable + binary_patch(path, old.encode("utf-8"), new.encode("utf-8"))
    return _git_header(path) + "".join(lines)


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
