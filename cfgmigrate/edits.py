"""Splice text edits: sort, reject overlaps, apply. Untouched bytes stay untouched by construction."""

from __future__ import annotations

from collections.abc import Iterable

from cfgmigrate.types import Edit


class OverlappingEdits(ValueError):
    """Two edits claim the same span of text; the message names both places by line and column."""

    def __init__(self, text: str, earlier: Edit, later: Edit) -> None:
        self.line, column = position(text, later.start)
        first_line, first_column = position(text, earlier.start)
        super().__init__(f"line {first_line}, column {first_column} and line {self.line}, column {column}")


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a string index."""
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1, index - line_start + 1


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; inserts at the same point keep their given order."""
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end > ie[1].start, ie[0]))
    out: list[str] = []
    pos = 0
    previous = Edit(0, 0, "")
    for _, edit in ordered:
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            raise OverlappingEdits(text, previous, edit)
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos, previous = edit.end, edit
    out.append(text[pos:])
    return "".join(out)
