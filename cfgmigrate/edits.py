"""Splice text edits: sort, reject overlaps, apply. Untouched bytes stay untouched by construction."""

from __future__ import annotations

from collections.abc import Iterable

from cfgmigrate.types import Edit


class OverlappingEdits(ValueError):
    """Two edits claim the same span of text."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; inserts at the same point keep their given order."""
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start, ie[1].end > ie[1].start, ie[0]))
    out: list[str] = []
    pos = 0
    for _, edit in ordered:
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            raise OverlappingEdits(f"edit {edit.start}-{edit.end} overlaps an earlier edit ending at {pos}")
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)
