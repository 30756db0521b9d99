"""The imports a code cell sees: a notebook's cells share one namespace, so ``from transformers
import Trainer`` in cell 1 is what ``Trainer(...)`` in cell 5 calls. Each cell goes to the Python
engine after the top-level imports of the cells before it (a header it must leave as it was)."""

from __future__ import annotations

import ast

from cfgmigrate.engines.base import Context, EngineResult
from cfgmigrate.engines.python import ENGINE as PYTHON
from cfgmigrate.rules import Rule


def top_level(python: str) -> list[str]:
    """The cell's top-level ``import``/``from`` statements, as written (none when it does not parse)."""
    try:
        tree = ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = python.split("\n")
    out = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.end_lineno is not None:
            out.append("\n".join(lines[node.lineno - 1 : node.end_lineno]).strip())
    return out


def head(header: list[str]) -> str:
    """The imports of the cells before, as the text put before a cell ('' when none)."""
    return "\n".join(header) + "\n" if header else ""


def migrate_after(header: list[str], relpath: str, python: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
    """The Python engine on the cell behind the imports of the cells before it; lines are the cell's.
    When the rewrite would touch that header (an import to add), the cell runs on its own."""
    if header:
        head = "\n".join(header) + "\n"
        result = PYTHON.migrate(relpath, head + python, rules, context)
        if result.new_text.startswith(head) and not _touches_head(result, head.count("\n")):
            return _shifted(result, head, head.count("\n"))
    alone: EngineResult = PYTHON.migrate(relpath, python, rules, context)
    return alone


def _touches_head(result: EngineResult, lines: int) -> bool:
    return any(0 < c.line <= lines for c in result.changes)


def _shifted(result: EngineResult, head: str, lines: int) -> EngineResult:
    from dataclasses import replace

    changes = tuple(replace(c, line=c.line - lines) for c in result.changes)
    diagnostics = tuple(replace(d, line=max(d.line - lines, 0)) for d in result.diagnostics)
    return EngineResult(result.new_text[len(head) :], changes, diagnostics)
