"""Renaming a table whose key is spread over header lines: ``[tool.old]`` -> ``[tool.new]``, with
its sub-tables (``[tool.old.sub]``), arrays of tables (``[[tool.old.runs]]``) and dotted keys that
spell it (``old.x = 1`` under ``[tool]``).

tomlkit does not reprint a renamed table's headers, so the rename is made on the text: exactly the
key segment that names the table is rewritten, on each line that spells it, and nothing else. A
header's location counts the elements of the arrays of tables above it (``[eval.opts]`` after the
second ``[[eval]]`` is ``eval.1.opts``). Lines inside multi-line strings are not read. The engine's
equivalence check reads the result back, so a line this reads wrongly refuses the file, it is never
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tomlkit

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_PART = re.compile(r"""[ \t]*([A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*""")
_HEADER = re.compile(r"[ \t]*(\[\[?)")


@dataclass(frozen=True)
class Part:
    key: str  # the key as read
    start: int  # its span in the text (quotes included)
    end: int


@dataclass(frozen=True)
class Spelled:
    """A line that spells keys: a header, or a key line (``table``: the header above it)."""

    parts: tuple[Part, ...]
    table: tuple[Any, ...]  # the location the parts start from (() for a header)
    location: tuple[Any, ...]  # where the parts lead, array-of-tables indexes included


def rename(text: str, loc: tuple[Any, ...], new: str) -> str:
    """``text`` with the table at ``loc`` renamed to ``new`` on every line that spells its key."""
    at = sum(isinstance(p, str) for p in loc) - 1  # the key's place among the header's names
    out, last = [], 0
    for line in spelled_lines(text):
        index = at - sum(isinstance(p, str) for p in line.table)
        if 0 <= index < len(line.parts) and line.location[: len(loc)] == loc:
            part = line.parts[index]
            out += [text[last : part.start], spell(new, text[part.start])]
            last = part.end
    return "".join(out) + text[last:]


def move(text: str, loc: tuple[Any, ...], target: tuple[Any, ...]) -> str | None:
    """``text`` with the table at ``loc`` (no array index in it) moved to ``target``: each header
    line at or under it has its names for ``loc`` replaced by ``target``'s (``[float8]``,
    ``[float8.sub]`` -> ``[quantize.dense.float8]``, ``[quantize.dense.float8.sub]``), and so has a
    dotted key at the top of the document. None when another line spells the table (a dotted key
    inside a table that stays), which a move of header lines would leave behind."""
    out, last = [], 0
    for line in spelled_lines(text):
        if line.location[: len(loc)] != loc or len(line.table) >= len(loc):
            continue  # not the table, or a key inside it (it moves with its header)
        if line.table:
            return None
        first, end = line.parts[0], line.parts[len(loc) - 1]
        out += [text[last : first.start], ".".join(spell(str(k)) for k in target)]
        last = end.end
    return "".join(out) + text[last:]


def spell(key: str, quote: str = "") -> str:
    """``key`` as a TOML key: bare where it can be, else quoted (as the old one was, where it was)."""
    if quote == "'" and "'" not in key and "\n" not in key:
        return f"'{key}'"
    if quote == '"' or not _BARE.fullmatch(key):
        return tomlkit.string(key).as_string()
    return key


def spelled_lines(text: str) -> Iterator[Spelled]:
    """Every header and key line of ``text``, with where its keys start."""
    counts: dict[tuple[str, ...], int] = {}  # arrays of tables: elements so far
    table: tuple[Any, ...] = ()
    offset, quote = 0, ""
    for raw in text.splitlines(keepends=True):
        start, offset = offset, offset + len(raw)
        if quote:
            quote = _open_quote(raw, quote)
            continue
        header = _HEADER.match(raw)
        if header:
            parts = _parts(raw, start, header.end())
            names = tuple(p.key for p in parts)
            if header.group(1) == "[[":
                counts = {k: v for k, v in counts.items() if k[: len(names)] != names or k == names}
                counts[names] = counts.get(names, 0) + 1
            table = _with_indexes(names, counts)
            yield Spelled(parts, (), table)
            continue
        parts = _parts(raw, start, 0)
        if parts and raw[parts[-1].end - start :].lstrip(" \t").startswith("="):
            yield Spelled(parts, table, (*table, *(p.key for p in parts)))
        quote = _open_quote(raw, "")


def _with_indexes(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> tuple[Any, ...]:
    out: list[Any] = []
    for i, name in enumerate(names):
        out.append(name)
        if names[: i + 1] in counts:
            out.append(counts[names[: i + 1]] - 1)
    return tuple(out)


def _parts(raw: str, start: int, at: int) -> tuple[Part, ...]:
    """The dotted key at ``raw[at:]``: each name and its span (offsets into the whole text)."""
    parts = []
    while True:
        m = _PART.match(raw, at)
        if not m:
            return ()
        parts.append(Part(_key(m.group(1)), start + m.start(1), start + m.end(1)))
        at = m.end()
        if not raw.startswith(".", at):
            return tuple(parts)
        at += 1


def _key(spelled: str) -> str:
    if spelled[0] not in "\"'":
        return spelled
    return str(next(iter(tomlkit.parse(f"{spelled} = 0"))))


def _open_quote(raw: str, quote: str) -> str:
    """The multi-line string delimiter still open after ``raw`` ('' when none)."""
    i = 0
    while i < len(raw):
        if quote:
            j = raw.find(quote, i)
            if j < 0:
                return quote
            i, quote = j + 3, ""
            continue
        if raw[i] == "#":
            return ""
        if raw.startswith(('"""', "'''"), i):
            quote, i = raw[i : i + 3], i + 3
            continue
        if raw[i] in "\"'":  # a one-line string: skip it
            i = _string_end(raw, i)
            continue
        i += 1
    return quote


def _string_end(raw: str, i: int) -> int:
    """Just past the one-line string that opens at ``raw[i]`` (a basic string's ``\\"`` is no end)."""
    j = i + 1
    while j < len(raw) and raw[j] != raw[i]:
        j += 2 if raw[i] == '"' and raw[j] == "\\" else 1
    return j + 1
