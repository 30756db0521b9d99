"""``map`` at a call keyword: the value's new text (as edits) and its new tree (for the guard).

A literal is translated through ``values``; a non-literal flag becomes a conditional expression when
``values`` maps exactly true/false, written as two insertions around the value so that edits inside
it (a matching call nested in the value) stay; a value that reads a setting the pack maps the same
way is already in the new vocabulary and stays.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cfgmigrate.engines.python import guard, literals
from cfgmigrate.engines.python.offsets import Offsets
from cfgmigrate.engines.python.precedence import needs_parentheses_as_condition
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Map, RulePack, is_missing, same_value
from cfgmigrate.types import Edit


@dataclass(frozen=True)
class Mapped:
    edits: tuple[Edit, ...]  # none: the value stays as it is
    tree: Callable[[ast.expr], ast.expr]  # the value's tree before -> after


def mapped_value(rule: Map, pack: RulePack, kw: ast.keyword, at: Offsets, report: Report) -> Mapped | None:
    """The value's edits, or None (reported) when it cannot be mapped."""
    try:
        current = ast.literal_eval(kw.value)
    except ValueError:
        return _nonliteral(rule, pack, kw, at, report)
    new = rule.mapped(current)
    if is_missing(new):
        if not rule.already_mapped(current):
            report.warn(rule, kw.lineno, f"keyword {kw.arg}={current!r} is not in `values`; left as it is (needs a person)")
        return None
    source = literals.source(new, "'" if at.source(kw.value).startswith("'") else '"')
    edits = () if source == at.source(kw.value) else (Edit(at.start(kw.value), at.end(kw.value), source),)
    return Mapped(edits, lambda _: guard.literal(new))


def _nonliteral(rule: Map, pack: RulePack, kw: ast.keyword, at: Offsets, report: Report) -> Mapped | None:
    source = at.source(kw.value)
    if _reads_mapped_setting(rule, pack, kw.value):
        return Mapped((), lambda value: value)  # already in the new vocabulary: only the keyword changes
    keys = [k for k, _ in rule.values]
    if len(keys) == 2 and all(isinstance(k, bool) for k in keys) and set(keys) == {True, False}:
        yes, no = rule.mapped(True), rule.mapped(False)
        open_, close = ("(", ")") if needs_parentheses_as_condition(kw.value, source) else ("", "")
        before = Edit(at.start(kw.value), at.start(kw.value), f"{literals.source(yes)} if {open_}")
        after = Edit(at.end(kw.value), at.end(kw.value), f"{close} else {literals.source(no)}")
        return Mapped((before, after), lambda value: ast.IfExp(value, guard.literal(yes), guard.literal(no)))
    report.warn(rule, kw.lineno, f"keyword {kw.arg}={source} is not a literal and `values` is not true/false; left for a person")
    return None


def _reads_mapped_setting(rule: Map, pack: RulePack, node: ast.expr) -> bool:
    """``use_flash_attention_2=args.use_flash_attention_2`` where the pack maps that setting itself."""
    read: Any = None
    if isinstance(node, ast.Attribute):
        read = node.attr
    elif isinstance(node, ast.Name):
        read = node.id
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        read = node.slice.value
    if not isinstance(read, str):
        return False
    return any(
        isinstance(other, Map) and not other.calls and _same_values(other, rule) and read in _names_of(other)
        for other in pack.rules
    )


def _names_of(rule: Map) -> set[str]:
    return {rule.path.last} | ({rule.target.last} if rule.target is not None else set())


def _same_values(a: Map, b: Map) -> bool:
    return len(a.values) == len(b.values) and all(
        same_value(x[0], y[0]) and same_value(x[1], y[1]) for x, y in zip(a.values, b.values, strict=True)
    )
