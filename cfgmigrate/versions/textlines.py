"""Finding the line a value sits on in text that a parser without positions (tomllib) read."""

from __future__ import annotations

import re


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based line of the first occurrence of ``needle`` at or after offset ``start`` (0: not found)."""
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def quoted_line(text: str, value: str) -> int:
    """The line of ``value`` written as a TOML/Python string with either quote."""
    return line_of(text, f'"{value}"') or line_of(text, f"'{value}'")


def name_pattern(name: str) -> str:
    """A regex for a distribution name in any of its spellings (``a-b``, ``a_b``, ``A.B``)."""
    return "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]+", name))


def key_line(text: str, name: str, header: str) -> int:
    """The line of ``name = ...`` inside the TOML table whose header matches the regex ``header``."""
    table = re.search(rf"^\[{header}\]\s*$", text, re.MULTILINE)
    if not table:
        return 0
    end = re.search(r"^\[", text[table.end() :], re.MULTILINE)
    body_end = table.end() + end.start() if end else len(text)
    key = re.compile(rf"^\s*[\"']?{name_pattern(name)}[\"']?\s*=", re.MULTILINE | re.IGNORECASE)
    found = key.search(text, table.end(), body_end)
    return text.count("\n", 0, found.start()) + 1 if found else 0
