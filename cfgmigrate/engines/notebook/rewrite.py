"""A cell's new source as edits of the notebook's JSON text: only the string tokens that changed are
written again, in the file's own layout (the separator between list items is the one it uses)."""

from __future__ import annotations

import json
import re

from cfgmigrate.engines.notebook.jsonspans import Cell, Part
from cfgmigrate.types import Edit


def split_lines(source: str) -> list[str]:
    """A source as nbformat lists it: one string per line, each ending with its ``\\n`` but the last."""
    return [m.group(0) for m in re.finditer(r"[^\n]*\n|[^\n]+$", source)]


def edits(text: str, cell: Cell, new_source: str) -> list[Edit]:
    """The edits that give ``cell`` the source ``new_source``."""
    ascii_only = _escapes_non_ascii(text)
    if not cell.listed:
        part = cell.parts[0]
        return [Edit(part.start, part.end, _encoded(new_source, ascii_only))]
    old = [p.value for p in cell.parts]
    if old != split_lines(cell.source) or not cell.parts:  # not one line per string: write the list again
        return [Edit(cell.open + 1, cell.close, _listed(text, cell, split_lines(new_source), ascii_only))]
    return [_region(text, cell, split_lines(new_source), ascii_only)]


def _region(text: str, cell: Cell, new: list[str], ascii_only: bool) -> Edit:
    """One edit over the strings that differ (the common head and tail are not touched)."""
    parts, old = cell.parts, [p.value for p in cell.parts]
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    changed_old, changed_new = parts[head : len(parts) - tail], new[head : len(new) - tail]
    sep = _separator(text, cell)
    body = sep.join(_encoded(v, ascii_only) for v in changed_new)
    if changed_old and changed_new:
        return Edit(changed_old[0].start, changed_old[-1].end, body)
    if changed_new:  # inserted strings
        if head < len(parts):
            return Edit(parts[head].start, parts[head].start, body + sep)
        return Edit(parts[-1].end, parts[-1].end, sep + body)
    return _removal(text, cell, parts, changed_old, head)


def _removal(text: str, cell: Cell, parts: tuple[Part, ...], gone: tuple[Part, ...], head: int) -> Edit:
    if len(gone) == len(parts):  # the list is emptied
        return Edit(cell.open + 1, cell.close, "")
    after = head + len(gone)
    if after < len(parts):
        return Edit(gone[0].start, parts[after].start, "")
    return Edit(parts[head - 1].end, gone[-1].end, "")


def _separator(text: str, cell: Cell) -> str:
    """What stands between two strings of the list (``,\\n    `` in nbformat's layout)."""
    if len(cell.parts) >= 2:
        return text[cell.parts[0].end : cell.parts[1].start]
    before = text[cell.open + 1 : cell.parts[0].start] if cell.parts else ""
    return "," + before if before.strip() == "" and before else ", "


def _listed(text: str, cell: Cell, values: list[str], ascii_only: bool) -> str:
    """The whole inside of the list, in the layout its first item shows."""
    if not values:
        return ""
    inside = text[cell.open + 1 : cell.close]
    lead = inside[: len(inside) - len(inside.lstrip())]
    trail = inside[len(inside.rstrip()) :]
    return lead + _separator(text, cell).join(_encoded(v, ascii_only) for v in values) + trail


def _encoded(value: str, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


def _escapes_non_ascii(text: str) -> bool:
    """Whether the file writes non-ASCII characters as ``\\uXXXX`` (it has none as themselves)."""
    return text.isascii() and re.search(r"\\u(?!00[0-7])[0-9a-fA-F]{4}", text) is not None
