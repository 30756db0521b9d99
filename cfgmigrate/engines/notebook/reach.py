"""Whether a retired name in a notebook's code cells reaches the retired API, for the leftovers pass:
each code cell is read as the Python engine reads it (behind the top-level imports of the cells
before it, magics masked), so ``StableDiffusionPipeline.from_pretrained(torch_dtype=...)`` in cell 5,
imported from diffusers in cell 1, is another library's keyword, not a leftover.

Offsets are the notebook file's: a name inside a cell's JSON string token is placed on its cell's
line and column by decoding the token up to it (an identifier never starts inside an escape).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from cfgmigrate.engines.notebook import cells as code_cells
from cfgmigrate.engines.notebook.imports import top_level
from cfgmigrate.engines.notebook.jsonspans import Cell, NotebookError, Part, cells
from cfgmigrate.engines.python.reach import Reach, reach

Verdict = Callable[[int], "str | None"]  # file offset -> SURE / FINE / UNSURE, None: not Python code


@dataclass(frozen=True)
class _Reading:
    """A code cell as reach read it: the program's lines (the header's, then the cell's)."""

    cell: Cell
    reach: Reach | None
    lines: list[str]
    head: int  # header lines before the cell's first line

    def verdict(self, line: int, column: int) -> str | None:
        at = self.head + line
        if self.reach is None or at >= len(self.lines) or code_cells.MARK in self.lines[at]:
            return None  # a cell that does not parse, or a magic line: not Python
        return self.reach.verdict(sum(len(x) + 1 for x in self.lines[:at]) + column)


def notebook_reach(text: str, name: str, calls: tuple[str, ...], attributes: bool = False) -> Verdict | None:
    """Offset -> the verdict of :func:`cfgmigrate.engines.python.reach.reach` on the code cell that
    holds it; None for an offset outside a code cell's Python (markdown, magics, a cell that does not
    parse). None for the whole text when it is no notebook."""
    try:
        found = cells(text)
    except NotebookError:
        return None
    header: list[str] = []
    by_part: dict[int, tuple[_Reading, int]] = {}
    for cell in found:
        if cell.kind != "code" or not cell.parts:
            continue
        python = code_cells.split(cell.source).python
        if python is None:
            continue
        if name in cell.source:
            reading = _read(cell, header, python, name, calls, attributes)
            by_part.update((part.start, (reading, i)) for i, part in enumerate(cell.parts))
        header = header + top_level(python)
    starts = sorted(by_part)

    def verdict(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return None
        reading, index = by_part[starts[i]]
        part = reading.cell.parts[index]
        if not part.start < offset < part.end:
            return None
        return reading.verdict(*_position(reading.cell, index, _decoded(text, part, offset)))

    return verdict


def _read(cell: Cell, header: list[str], python: str, name: str, calls: tuple[str, ...], attributes: bool) -> _Reading:
    """The cell read behind the imports before it, or alone when that does not parse."""
    if header:
        program = "\n".join(header) + "\n" + python
        found = reach(program, name, calls, attributes)
        if found is not None:
            return _Reading(cell, found, program.split("\n"), program.count("\n") - python.count("\n"))
    return _Reading(cell, reach(python, name, calls, attributes), python.split("\n"), 0)


def _decoded(text: str, part: Part, offset: int) -> str:
    """What the JSON string token says from its opening quote up to ``offset``."""
    try:
        value = json.loads('"' + text[part.start + 1 : offset] + '"')
    except ValueError:
        return text[part.start + 1 : offset]
    return value if isinstance(value, str) else ""


def _position(cell: Cell, index: int, prefix: str) -> tuple[int, int]:
    """0-based line and column in the cell's source of the text after its first parts and ``prefix``."""
    before = "".join(p.value for p in cell.parts[:index]) + prefix
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)
