"""Text edits: splice them (sorted, overlaps rejected; untouched bytes stay untouched by
construction), give them to the changes they make, and carry them through rules applied one after
another, so that every :class:`~cfgmigrate.types.Change` holds its edits into the file as read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from difflib import SequenceMatcher
from itertools import accumulate
from os.path import commonprefix

from cfgmigrate.types import Change, Edit


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


def amend(current: str, held: Sequence[Change], edits: Iterable[Edit], owner: int = -1) -> list[Change]:
    """``held`` (edits into the original text, which they turn into ``current``), with further edits
    into ``current`` that no rule reports (a final touch-up) carried by ``held[owner]``."""
    edits = list(edits)
    *rest, extra = rebase(current, held, [Change("", 0, "", tuple(edits))], apply_edits(current, edits))
    if extra.edits:
        mine = rest[owner].edits + extra.edits
        rest[owner] = replace(rest[owner], edits=tuple(sorted(mine, key=lambda e: e.start)))
    return rest


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """``text`` with every change's edits applied: what a consumer of the reports' fixes gets."""
    return apply_edits(text, [e for c in changes for e in c.edits])


def carried(old: str, changes: Sequence[Change], new: str) -> bool:
    """Whether the changes' edits, applied to ``old``, give exactly ``new`` (the engine contract)."""
    try:
        return apply_changes(old, changes) == new
    except OverlappingEdits:
        return False


def between(old: str, new: str) -> list[Edit]:
    """Edits that turn ``old`` into ``new`` (for an engine that reprints its text, like libcst): where
    lines were replaced one for one, one per changed line, trimmed to what differs in it; else
    one per changed run of lines.

    The lines both texts start and end with are set aside before the lines between are matched:
    a reprint changes a few lines of a long file, and ``SequenceMatcher`` over every line of a
    4,000-line module cost more than parsing it (1.3 s for 84 files of the transformers sdist)."""
    if old == new:
        return []
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    starts = list(accumulate((len(line) for line in a), initial=0))
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(middle_a) == len(middle_b) and all(_edited_in_place(x, y) for x, y in zip(middle_a, middle_b, strict=True)):
        # Lines edited where they stand (a keyword renamed on each): one for one, no matching needed.
        return [_within_line(starts[head + i], x, y) for i, (x, y) in enumerate(zip(middle_a, middle_b, strict=True)) if x != y]
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [_within_line(starts[i], a[i], b[j1 + i - i1]) for i in range(i1, i2) if a[i] != b[j1 + i - i1]]
        else:
            out.append(Edit(starts[i1], starts[i2], "".join(b[j1:j2])))
    return out


def _edited_in_place(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` edited in one place that leaves most of it: the same line, not
    another line in its spot (what the matcher would pair too)."""
    if old == new:
        return True
    head = len(commonprefix([old, new]))
    tail = len(commonprefix([old[head:][::-1], new[head:][::-1]]))
    return 2 * (head + tail) >= max(len(old), len(new))


def _within_line(start: int, old: str, new: str) -> Edit:
    """The edit of one line replaced by another: only what lies between their common ends (so two
    rules that edit one line in different places keep an edit each)."""
    head = len(commonprefix([old, new]))
    tail = len(commonprefix([old[head:][::-1], new[head:][::-1]]))
    return Edit(start + head, start + len(old) - tail, new[head : len(new) - tail])


def attach(text: str, changes: Sequence[Change], edits: Iterable[Edit]) -> list[Change]:
    """The changes, each carrying the edits (into ``text``) made for it: an edit goes to the first
    change reported on the lines it spans, else to the last change above it, else to the first.
    An edit given twice (two routes to the same edit) is carried once."""
    if not changes:
        return list(changes)
    mine: list[list[Edit]] = [list(c.edits) for c in changes]
    seen = {e for c in changes for e in c.edits}
    todo = [e for e in dict.fromkeys(edits) if e not in seen]  # in the order given
    line = _line_numbers(text, [i for e in todo for i in (e.start, max(e.start, e.end - 1))])
    for edit in todo:
        first, last = line[edit.start], line[max(edit.start, edit.end - 1)]
        index = next((k for k, c in enumerate(changes) if first <= c.line <= last), None)
        if index is None:
            above = [k for k, c in enumerate(changes) if c.line < first]
            index = max(above, key=lambda k: changes[k].line) if above else 0
        mine[index].append(edit)
    return [_with_edits(c, tuple(e)) for c, e in zip(changes, mine, strict=True)]


_CHANGE_FIELDS = tuple(f.name for f in fields(Change))


def _line_numbers(text: str, indexes: list[int]) -> dict[int, int]:
    """:func:`position`'s line for each index; without a ``\r`` in the text, counted in one pass."""
    if "\r" in text:
        return {i: position(text, i)[0] for i in indexes}
    lines: dict[int, int] = {}
    line, at = 1, 0
    for i in sorted(set(indexes)):
        line += text.count("\n", at, i)
        lines[i], at = line, i
    return lines


def _with_edits(change: Change, edits: tuple[Edit, ...]) -> Change:
    """``replace(change, edits=edits)``, without ``dataclasses.replace``'s walk over the fields."""
    if type(change) is Change and _CHANGE_FIELDS == ("rule", "line", "message", "edits"):
        return Change(change.rule, change.line, change.message, edits)
    return replace(change, edits=edits)


@dataclass(frozen=True)
class _Piece:
    """An edit placed in the current text (its start and end there), while edits are rebased."""

    start: int  # in the current text
    end: int
    edit: Edit
    owner: int
    held: bool  # an edit into the original text (True) or into the current one


def rebase(current: str, held: Sequence[Change], new: Sequence[Change], after: str) -> list[Change]:
    """``held`` carry edits into the original text, which they turn into ``current``; ``new`` carry
    edits into ``current``, which they turn into ``after``. Returns both, every edit into the
    original text, no two starting at one point.

    Where a new edit overlaps text an earlier one wrote (or two would start at one point: an edit
    right after an insertion), they become one edit, carried by the earliest change: applying every
    change's edits once still gives ``after``. Edits that only meet end to start stay apart."""
    if not held and _starts_apart(new):  # nothing to merge: each edit stays as it is, in order
        return [_with_edits(c, tuple(sorted(c.edits, key=lambda e: e.start))) for c in new]
    changes = list(held) + list(new)
    pieces = sorted(_pieces(held, new), key=lambda p: (p.start, p.end, not p.held))
    out: list[list[Edit]] = [[] for _ in changes]
    shift, new_shift, k = 0, 0, 0
    while k < len(pieces):
        group, end, insert_at_end = [pieces[k]], pieces[k].end, _inserts(pieces[k])
        k += 1
        while k < len(pieces) and (pieces[k].start < end or (pieces[k].start == end and insert_at_end)):
            p = pieces[k]  # overlapping, or right after an insertion (both would start at one point)
            group.append(p)
            end, insert_at_end = (p.end, _inserts(p)) if p.end > end else (end, insert_at_end or _inserts(p))
            k += 1
        delta = sum(_delta(p.edit) for p in group if p.held)
        new_delta = sum(_delta(p.edit) for p in group if not p.held)
        if not _must_merge(group):
            for p in group:
                out[p.owner].append(p.edit if p.held else Edit(p.start - shift, p.end - shift, p.edit.replacement))
        else:
            start = group[0].start
            text = after[start + new_shift : end + new_shift + new_delta]
            out[min(p.owner for p in group)].append(Edit(start - shift, end - shift - delta, text))
        shift, new_shift = shift + delta, new_shift + new_delta
    return [_with_edits(c, tuple(sorted(e, key=lambda e: e.start))) for c, e in zip(changes, out, strict=True)]


def _starts_apart(changes: Sequence[Change]) -> bool:
    """No two of the changes' edits start at one point (so :func:`rebase` merges none of them)."""
    starts = [e.start for c in changes for e in c.edits]
    return len(set(starts)) == len(starts)


def _inserts(piece: _Piece) -> bool:
    """Whether the piece takes nothing away from the original text (an insertion)."""
    return piece.edit.start == piece.edit.end


def _delta(edit: Edit) -> int:
    return len(edit.replacement) - (edit.end - edit.start)


def _pieces(held: Sequence[Change], new: Sequence[Change]) -> list[_Piece]:
    """Every edit located in the current text (a held edit where its replacement now stands)."""
    out, shift = [], 0
    for edit, owner in sorted(((e, k) for k, c in enumerate(held) for e in c.edits), key=lambda ek: ek[0].start):
        start = edit.start + shift
        out.append(_Piece(start, start + len(edit.replacement), edit, owner, True))
        shift += len(edit.replacement) - (edit.end - edit.start)
    out += [_Piece(e.start, e.end, e, len(held) + k, False) for k, c in enumerate(new) for e in c.edits]
    return out


def _must_merge(group: list[_Piece]) -> bool:
    """A new edit touching a held one, or two edits starting at one point (whose order would be lost)."""
    if len(group) < 2:
        return False
    kinds = {p.held for p in group}
    return len(kinds) == 2 or len({p.start for p in group}) < len(group)
