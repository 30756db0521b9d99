"""``key: value`` and ``- key: value`` text dumps (Markdown-like printouts of a config object, such
as ``- `batch_p2p_comm`: True``): read line by line, every parse error with its line number."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

# - `key`: value  |  key: value  |  - key = value ; a trailing "# comment", "*" or "(note)" is dropped
ENTRY = re.compile(r"^(?P<indent>\s*)(?:[-*]\s+)?`?(?P<key>[A-Za-z_][\w.]*)`?\s*[:=]\s*(?P<value>.*?)\s*$")
MEANT_AS_ENTRY = re.compile(r"^\s*[-*]\s+`")  # "- `...": an entry, so a line that must parse
NOTE = re.compile(r"\s*(?:#.*|\*+|\([^()]*\))\s*$")
WORDS = {"true": True, "false": False, "none": None, "null": None, "~": None}


class DumpError(ValueError):
    """A line meant as an entry that does not parse, a duplicate key, or an unclosed ``{`` block."""


def read_dump(path: Path) -> tuple[dict[str, Any], dict[tuple[str, ...], int]]:
    """({key: value}, {(key,): line}) of a text dump; prose lines (headings, notes, ``---``) are
    skipped. An object printed as ``key: Name {`` ... ``}`` becomes a mapping. Raises DumpError
    naming the file and the line."""
    data: dict[str, Any] = {}
    lines: dict[tuple[str, ...], int] = {}
    block: tuple[str, int] | None = None  # (key, line) of the open ``{``
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if block and line.strip() == "}":
            block = None
            continue
        match = ENTRY.match(line)
        if match is None:
            if MEANT_AS_ENTRY.match(line) or block:
                raise DumpError(f"{path.name}:{number}: cannot parse: not a `key: value` line: {line.strip()[:60]!r}")
            continue  # prose
        loc = (block[0], match["key"]) if block else (match["key"],)
        if loc in lines:
            raise DumpError(f"{path.name}:{number}: duplicate key {'.'.join(loc)!r} (first at line {lines[loc]})")
        lines[loc] = number
        if block:
            data[block[0]][match["key"]] = value_of(match["value"])
        elif match["value"].endswith("{"):
            data[match["key"]], block = {}, (match["key"], number)
        else:
            data[match["key"]] = value_of(match["value"])
    if block:
        raise DumpError(f"{path.name}:{block[1]}: cannot parse: the {{ opened for {block[0]!r} is never closed")
    return data, lines


def value_of(text: str) -> Any:
    """A dumped value as Python would print it: ``True``, ``None``, ``0.0``, ``'False'``, ``[1, 2]``;
    anything else (``torch.bfloat16``, ``<function f>``) stays text."""
    text = text.strip()
    while (shorter := NOTE.sub("", text)) != text:  # "AttnBackend.auto (5) *", "1*", "8  # GQA"
        text = shorter
    text = text.strip("`")
    if text.lower() in WORDS:
        return WORDS[text.lower()]
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return text
