"""Where each cell's source lives in a notebook's JSON text, as string spans.

A notebook is written back by editing the string tokens of the sources that changed, so every
other byte (indentation, key order, outputs, the final newline) stays as it was. This module reads
the JSON once with its own small scanner (the standard library decodes each string token), keeping
for every cell its ``cell_type`` and the span and value of each string of its ``source``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
MAX_DEPTH = 500  # deeper than this is not a notebook


class NotebookError(ValueError):
    """The text is not a notebook's JSON; ``offset`` says where."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Part:
    """One string token: ``text[start:end]`` is it with its quotes; ``value`` is what it says."""

    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Cell:
    """A cell's kind and its source: one string (``listed`` False) or a list of them (``open`` and
    ``close`` are the offsets of its brackets)."""

    number: int  # 1-based, counting every cell
    kind: str
    parts: tuple[Part, ...]
    listed: bool
    open: int = -1
    close: int = -1

    @property
    def source(self) -> str:
        return "".join(p.value for p in self.parts)


def cells(text: str) -> tuple[Cell, ...]:
    """The notebook's cells with their source spans; NotebookError when it is no notebook."""
    scanner = _Scanner(text)
    end = scanner.value(_WS.match(text, 0).end(), (), 0)  # type: ignore[union-attr]
    if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
        raise NotebookError("extra data after the notebook's JSON", end)
    return tuple(scanner.cells())


def sources_only(text: str) -> str:
    """``text`` with everything outside the cells' source strings blanked (newlines kept): offsets,
    lines and columns stay those of the file. The text itself when it is no notebook."""
    try:
        found = cells(text)
    except NotebookError:
        return text
    out = re.sub(r"[^\n]", " ", text)
    chars = list(out)
    for cell in found:
        for part in cell.parts:
            chars[part.start : part.end] = text[part.start : part.end]
    return "".join(chars)


class _Scanner:
    """A JSON reader that remembers the spans it is asked for (cells[i].cell_type / .source)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.kinds: dict[int, str] = {}
        self.parts: dict[int, list[Part]] = {}
        self.lists: dict[int, tuple[int, int]] = {}

    def cells(self) -> list[Cell]:
        out = []
        for i in sorted(set(self.kinds) | set(self.parts)):
            open_, close = self.lists.get(i, (-1, -1))
            out.append(Cell(i + 1, self.kinds.get(i, ""), tuple(self.parts.get(i, ())), i in self.lists, open_, close))
        return out

    def value(self, pos: int, path: tuple[object, ...], depth: int) -> int:
        if depth > MAX_DEPTH:
            raise NotebookError("nested too deeply", pos)
        char = self.text[pos : pos + 1]
        if char == "{":
            return self._object(pos, path, depth)
        if char == "[":
            return self._array(pos, path, depth)
        if char == '"':
            return self._string(pos, path)
        match = _SCALAR.match(self.text, pos)
        if match is None:
            raise NotebookError("expected a JSON value", pos)
        return match.end()

    def _string(self, pos: int, path: tuple[object, ...]) -> int:
        try:
            value, end = json.decoder.scanstring(self.text, pos + 1)  # type: ignore[attr-defined]
        except json.JSONDecodeError as e:
            raise NotebookError(e.msg, e.pos) from None
        cell = _cell_of(path)
        if cell is not None and path[2:3] == ("source",) and len(path) in (3, 4):
            self.parts.setdefault(cell, []).append(Part(pos, end, value))
        elif cell is not None and path[2:] == ("cell_type",):
            self.kinds[cell] = value
        return int(end)

    def _array(self, pos: int, path: tuple[object, ...], depth: int) -> int:
        i, index = self._skip(pos + 1), 0
        while self.text[i : i + 1] != "]":
            i = self._skip(self.value(i, (*path, index), depth + 1))
            index += 1
            i = self._after_item(i, "]")
        cell = _cell_of(path)
        if cell is not None and path[2:] == ("source",):
            self.lists[cell] = (pos, i)
        return i + 1

    def _object(self, pos: int, path: tuple[object, ...], depth: int) -> int:
        i = self._skip(pos + 1)
        while self.text[i : i + 1] != "}":
            if self.text[i : i + 1] != '"':
                raise NotebookError("expected a key", i)
            key, i = json.decoder.scanstring(self.text, i + 1)  # type: ignore[attr-defined]
            i = self._skip(i)
            if self.text[i : i + 1] != ":":
                raise NotebookError("expected ':'", i)
            i = self._skip(self.value(self._skip(i + 1), (*path, key), depth + 1))
            i = self._after_item(i, "}")
        return i + 1

    def _after_item(self, i: int, closer: str) -> int:
        char = self.text[i : i + 1]
        if char == ",":
            return self._skip(i + 1)
        if char != closer:
            raise NotebookError(f"expected ',' or '{closer}'", i)
        return i

    def _skip(self, i: int) -> int:
        return _WS.match(self.text, i).end()  # type: ignore[union-attr]


def _cell_of(path: tuple[object, ...]) -> int | None:
    """The cell index when ``path`` is inside ``cells[i]`` of the top-level object."""
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        return path[1]
    return None
