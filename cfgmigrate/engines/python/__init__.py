"""The Python engine (libcst): bound config classes, the code that reads them, and call keywords.

Each rule runs as its own pass over the module (rules apply in pack order, each to the output of the
ones before); libcst reprints untouched nodes exactly, so everything else stays byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cfgmigrate.engines import linemap
from cfgmigrate.engines.base import Context, EngineResult
from cfgmigrate.engines.python import callspans, guard
from cfgmigrate.engines.python.binding import Index, bind, build_index
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Op, Rule, RulePack
from cfgmigrate.types import Diagnostic


@dataclass(frozen=True)
class PythonEngine:
    name: str = "python"
    suffixes: tuple[str, ...] = (".py",)

    def wants(self, rule: Rule) -> bool:
        return bool(rule.calls) or rule.path.is_literal

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        """Literal text a file must contain for the rule to possibly fire (before any parsing)."""
        if rule.calls and rule.op is Op.ADD:  # the keyword is absent by definition: look for the callee
            return tuple(_longest_literal(p) for p in rule.calls if _longest_literal(p)) or ()
        if rule.calls:
            return (rule.path.last,)
        classes = {ref.split("::")[1] for _, refs in pack.schema for ref in refs}
        return (rule.path.last, *sorted(classes)) if classes else ("\0no schema",)

    def prepare(self, root: str, relpaths: tuple[str, ...], pack: RulePack) -> Index:
        return build_index(root, pack, relpaths)

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        index = context.index if isinstance(context.index, Index) else None
        if index is None and any(not rule.calls for rule in rules):  # the engine reads no file itself
            return EngineResult(text, (), (Diagnostic(relpath, 0, "", f"{_UNPREPARED}; left as it was"),))
        parsed = _parsed(text, relpath)
        if isinstance(parsed, Diagnostic):
            return EngineResult(text, (), (parsed,))
        report = Report(relpath)
        steps, changes, diagnostics = [text], [], []
        for rule in rules:
            report.changes, report.diagnostics = [], []
            parsed = _apply(rule, parsed, relpath, context.pack, index, report)
            diagnostics += linemap.to_original(steps, len(steps) - 1, report.diagnostics)  # lines of the file as read
            if report.failed:
                return EngineResult(text, (), tuple(diagnostics))
            changes += linemap.to_original(steps, len(steps) - 1, report.changes)
            if parsed.text != steps[-1]:
                steps.append(parsed.text)
        return EngineResult(steps[-1], tuple(changes), tuple(diagnostics))


_UNPREPARED = "internal error: the Python engine was not prepared (prepare() builds the class index)"


def _parsed(text: str, relpath: str) -> Parsed | Diagnostic:
    """The file parsed once; one that does not parse is reported with CPython's words and line, never skipped."""
    try:
        parsed = Parsed(text)
    except SyntaxError as e:
        return Diagnostic(relpath, e.lineno or 0, "", f"cannot parse: {e.msg}; left as it was")
    except ValueError as e:
        return Diagnostic(relpath, 0, "", f"cannot parse: {e}; left as it was")
    return parsed


def _apply(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index | None, report: Report) -> Parsed:
    if rule.calls:
        return callspans.apply(rule, pack, parsed, report)
    binding = bind(rule, index) if index is not None else None
    if binding is None or index is None:
        return parsed
    from cfgmigrate.engines.python import classrules  # libcst is imported only when a class rule runs

    own_file = binding.cls.relpath == relpath
    text = classrules.rewrite(rule, binding, parsed.text, own_file, index, report)
    if report.failed:
        return parsed
    if text == parsed.text:
        return parsed
    renamed = (binding.field, rule.target.last) if rule.target is not None and rule.op in (Op.RENAME, Op.MAP) else ()
    try:
        return guard.checked_rewrite(parsed, text, binding.cls.name if own_file else None, renamed)
    except guard.GuardError as e:
        report.error(rule, e.line, f"{e}; file left as it was")
        return parsed


def _longest_literal(pattern: str) -> str:
    """The last dotted component of a callee pattern that has no wildcard (``from_pretrained``)."""
    literal = [part for part in pattern.split(".") if part and not re.search(r"[*?\[\]]", part)]
    return literal[-1] if literal else ""


ENGINE: Any = PythonEngine()
