"""Dicts built in one cell and splatted in another: ``kwargs = {"torch_dtype": ...}`` in cell 3,
``AutoModel.from_pretrained(name, **kwargs)`` in cell 5.

A notebook's cells share one namespace, so the Python engine follows such a dict as it does within
one file (:mod:`cfgmigrate.engines.python.splats`) when each cell on the dict is read with the
other cells' statements on it: every top-level statement that names the dict, from the cell that
builds it up to the cell that assigns it again, before and after the cell's own code. Each cell
keeps the edits inside itself, and as every such cell reads the same statements, they agree: the
key is renamed where the dict is built and where a later cell writes it (``kwargs["torch_dtype"] =
...``), or nowhere (a cell reads it by the old key: said at that cell and line).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from cfgmigrate.edits import apply_edits
from cfgmigrate.engines.base import Context, EngineResult
from cfgmigrate.engines.python import ENGINE as PYTHON
from cfgmigrate.rules import Rule
from cfgmigrate.types import Diagnostic, Severity


@dataclass(frozen=True)
class Lines:
    """Statements of other cells: ``text``, and for each of its lines the (cell index, line in that
    cell) it comes from."""

    text: str = ""
    origins: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Around:
    """What a cell is read with: the statements of the cells before and after it that use the
    dicts it shares with them (from the cell that builds a dict to its last use), and the imports of
    the later of those cells (the earlier ones' are the cell's head already)."""

    before: Lines
    after: Lines


Statement = tuple[int, int, int]  # (cell index, first line, last line)


def around(pythons: list[str | None]) -> dict[int, Around]:
    """cell index -> the statements it is read with (only cells on a dict that some cell splats: ``**name``)."""
    trees = [_parse(p) for p in pythons]
    shared: dict[int, set[Statement]] = {}
    for i, tree in enumerate(trees):
        for name in _assigned(tree) if tree is not None else ():
            run = _run(trees, i, name)
            if any(_splats(trees[c], first, last, name) for c, first, last in run):
                for cell in {c for c, _, _ in run}:
                    shared.setdefault(cell, set()).update(run)
    out = {}
    for cell, uses in shared.items():
        last = max(c for c, _, _ in uses)
        imports = {s for j in range(cell + 1, last + 1) for s in _imports(trees[j], j)}  # what the later uses call
        before = sorted(s for s in uses if s[0] < cell)
        out[cell] = Around(_lines(pythons, before), _lines(pythons, sorted(imports | {s for s in uses if s[0] > cell})))
    return out


def _imports(tree: ast.Module | None, cell: int) -> list[Statement]:
    body = tree.body if tree is not None else []
    return [(cell, n.lineno, n.end_lineno or n.lineno) for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]


def _run(trees: list[ast.Module | None], i: int, name: str) -> list[Statement]:
    """The top-level statements that name ``name`` from cell ``i``, which assigns it, up to the cell
    that assigns it again."""
    out: list[Statement] = []
    for j in range(i, len(trees)):
        tree = trees[j]
        if tree is None:
            continue
        if j > i and name in _assigned(tree):
            break
        out += [(j, n.lineno, n.end_lineno or n.lineno) for n in tree.body if name in _names(n)]
    return out


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _lines(pythons: list[str | None], statements: list[Statement]) -> Lines:
    text: list[str] = []
    origins: list[tuple[int, int]] = []
    for cell, first, last in statements:
        source = pythons[cell]
        assert source is not None
        text += source.split("\n")[first - 1 : last]
        origins += [(cell, no) for no in range(first, last + 1)]
    return Lines("".join(line + "\n" for line in text), tuple(origins))


def _parse(python: str | None) -> ast.Module | None:
    try:
        return ast.parse(python) if python is not None else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _assigned(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _splats(tree: ast.Module | None, start: int, end: int, name: str) -> bool:
    return tree is not None and any(
        isinstance(n, ast.keyword) and n.arg is None and isinstance(n.value, ast.Name) and n.value.id == name
        for n in ast.walk(tree)
        if start <= getattr(n, "lineno", 0) <= end
    )


@dataclass(frozen=True)
class Followed:
    """The cell's Python after the rules, seeing its tail; and what was said about tail lines."""

    result: EngineResult
    elsewhere: tuple[tuple[int, Diagnostic], ...]  # (cell index, diagnostic with its line in that cell)


def migrate_around(
    head: str, relpath: str, python: str, around: Around, rules: tuple[Rule, ...], context: Context
) -> Followed | None:
    """The Python engine on ``head``, the statements before, ``python`` and the statements after,
    keeping the edits inside ``python`` (theirs are made when their own cells run, which read this
    one the same way). None when an edit reaches the imports' head or the run fails: the cell then
    runs as it would alone."""
    glue = "" if python.endswith("\n") else "\n"
    before = head + around.before.text
    result = PYTHON.migrate(relpath, before + python + glue + around.after.text, rules, context)
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        return None
    begin, end = len(before), len(before) + len(python)
    edits = {e for c in result.changes for e in c.edits}
    if any(e.start < len(head) or e.start < begin < e.end or e.start < end < e.end for e in edits):
        return None
    mine = sorted(
        (replace(e, start=e.start - begin, end=e.end - begin) for e in edits if begin <= e.start and e.end <= end),
        key=lambda e: e.start,
    )
    heads, first = head.count("\n"), before.count("\n")
    last = first + python.count("\n") + (1 if glue else 0)
    changes = tuple(replace(c, line=c.line - first, edits=()) for c in result.changes if first < c.line <= last)
    said = tuple(replace(d, line=max(d.line - first, 0)) for d in result.diagnostics if d.line <= heads or first < d.line <= last)
    elsewhere = tuple(
        (cell, replace(d, line=line))
        for d in result.diagnostics
        for cell, line in [_origin(around, d.line - heads, d.line - last)]
        if cell >= 0
    )
    return Followed(EngineResult(apply_edits(python, mine), changes, said), elsewhere)


def _origin(around: Around, in_before: int, in_after: int) -> tuple[int, int]:
    """The (cell, line) of a line of the statements before (``in_before``, 1-based) or after."""
    if 0 < in_before <= len(around.before.origins):
        return around.before.origins[in_before - 1]
    if 0 < in_after <= len(around.after.origins):
        return around.after.origins[in_after - 1]
    return -1, 0
