"""Report lines in the file as it was read: rules run one after another, each on the previous
one's output, so a line a later rule reports is mapped back through the earlier rewrites."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import TypeVar

from cfgmigrate.types import Change, Diagnostic

Located = TypeVar("Located", Change, Diagnostic)


def back(old_text: str, new_text: str, line: int) -> int:
    """The line of ``old_text`` that line ``line`` of ``new_text`` came from (or stands in for)."""
    if old_text == new_text or line <= 0:
        return line
    new_lines = new_text.splitlines()
    matcher = difflib.SequenceMatcher(None, old_text.splitlines(), new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        past_the_end = j1 == j2 == line - 1 == len(new_lines)  # a line after the last one, where lines were deleted
        if j1 < line <= j2 or (past_the_end and tag == "delete"):
            same_size = tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1)
            return i1 + (line - j1) if same_size else i1 + 1
    return line


def to_original(texts: list[str], step: int, changes: list[Located]) -> list[Located]:
    """Changes (or diagnostics) reported on ``texts[step]`` with their lines in ``texts[0]``."""
    out = []
    for c in changes:
        line = c.line
        for k in range(step, 0, -1):
            line = back(texts[k - 1], texts[k], line)
        out.append(replace(c, line=line))
    return out
