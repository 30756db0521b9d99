"""The Python engine (libcst): bound config classes, the code that reads them, and call keywords.

Each rule runs as its own pass over the module (rules apply in pack order, each to the output of the
ones before); libcst reprints untouched nodes exactly, so everything else stays byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from cfgmigrate.engines import linemap
from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, Refuses, Verdict, verdict_from
from cfgmigrate.engines.python import callspans, fields, guard
from cfgmigrate.engines.python.access import FollowRename
from cfgmigrate.engines.python.binding import Binding, Index, bind, binds, build_index
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Add, Map, Remove, Rename, Rule, RulePack
from cfgmigrate.types import Diagnostic


def _unbound(rule: Rule, pack: RulePack) -> str:
    """Why a rule has nothing for the Python engine: no call patterns and no bound class ('' when it has)."""
    if rule.calls or binds(rule.path, pack) or binds(rule.destination(), pack):
        return ""
    return f"no class in `schema:` holds {rule.path}, and the rule has no `calls:`"


def _bound_either_end(rule: Rule, pack: RulePack) -> bool:
    return binds(rule.path, pack) or binds(rule.destination(), pack)


UNBOUND = "no `schema:` binding names a class at either end"


def _migrate_rule(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index, report: Report) -> Parsed:
    return _apply(rule, parsed, relpath, pack, index, report)


# The Python engine's answer for every operation (one row each; tests/test_engine_table.py checks it).
ANSWERS: dict[str, Answer] = {
    "rename": Handles(_migrate_rule, _unbound),
    "move": Refuses(
        "the Python engine cannot move a field between classes bound in `schema:` (the field, its constructor "
        "keywords and key reads would stay behind); rename it within its class, or remove it there and add it here",
        _bound_either_end,
        UNBOUND,
    ),
    "coerce": Handles(_migrate_rule, _unbound),
    "add": Handles(_migrate_rule, _unbound),
    "set_default": Handles(_migrate_rule, _unbound),
    "remove": Handles(_migrate_rule, _unbound),
    "map": Handles(_migrate_rule, _unbound),
    "copy": Refuses(
        "the Python engine cannot copy a field into or out of a class bound in `schema:` (the target class would "
        "need a new field); add it there with `add`",
        _bound_either_end,
        UNBOUND,
    ),
}


@dataclass(frozen=True)
class PythonEngine:
    name: str = "python"
    suffixes: tuple[str, ...] = (".py",)
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        """Literal text a file must contain for the rule to possibly fire (before any parsing)."""
        if rule.calls and isinstance(rule, Add):  # the keyword is absent by definition: look for the callee
            return tuple(_longest_literal(p) for p in rule.calls if _longest_literal(p)) or ()
        if rule.calls:
            return (rule.path.last,)
        classes = {ref.split("::")[1] for _, refs in pack.schema for ref in refs}
        return (rule.path.last, *sorted(classes)) if classes else ("\0no schema",)

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> Index:
        """The class index, built once per run from the files the caller reads (the engine reads none)."""
        return build_index(read, pack, relpaths)

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        index = context.index
        assert isinstance(index, Index), "the class index comes from prepare()"
        parsed = _parsed(text, relpath)
        if isinstance(parsed, Diagnostic):
            return EngineResult(text, (), (parsed,))
        report = Report(relpath)
        steps, changes, diagnostics = [text], [], []
        for rule in rules:
            report.changes, report.diagnostics = [], []
            handler = self.answers[rule.op]
            assert isinstance(handler, Handles), f"{rule.op} reached the python engine, which refuses it"
            parsed = handler.handler(rule, parsed, relpath, context.pack, index, report)
            diagnostics += linemap.to_original(steps, len(steps) - 1, report.diagnostics)  # lines of the file as read
            if report.failed:
                return EngineResult(text, (), tuple(diagnostics))
            changes += linemap.to_original(steps, len(steps) - 1, report.changes)
            if parsed.text != steps[-1]:
                steps.append(parsed.text)
        return EngineResult(steps[-1], tuple(changes), tuple(diagnostics))


def _parsed(text: str, relpath: str) -> Parsed | Diagnostic:
    """The file parsed once; one that does not parse is reported with CPython's words and line, never skipped."""
    try:
        parsed = Parsed(text)
    except SyntaxError as e:
        return Diagnostic(relpath, e.lineno or 0, "", f"cannot parse: {e.msg}; left as it was")
    except ValueError as e:
        return Diagnostic(relpath, 0, "", f"cannot parse: {e}; left as it was")
    for repeated in parsed.repeated[:1]:  # ast.parse accepts it, CPython's compiler does not
        return Diagnostic(relpath, repeated.line, "", f"cannot parse: keyword argument repeated: {repeated.name}; left as it was")
    return parsed


def _apply(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index, report: Report) -> Parsed:
    if rule.calls:
        return callspans.apply(rule, pack, parsed, report)
    binding = bind(rule, index)
    if binding is None:
        return parsed
    module = cst.parse_module(parsed.text)
    own_file = binding.cls.relpath == relpath
    if own_file:
        module = _class_op(rule, binding, module, index, report)
        if report.failed:
            return parsed
    text = _follow(rule, binding, module, own_file, report).code
    if text == parsed.text:
        return parsed
    renamed = (binding.field, rule.target.last) if isinstance(rule, (Rename, Map)) and rule.target is not None else ()
    try:
        return guard.checked_rewrite(parsed, text, binding.cls.name if own_file else None, renamed)
    except guard.GuardError as e:
        report.error(rule, e.line, f"{e}; file left as it was")
        return parsed


def _class_op(rule: Rule, binding: Binding, module: cst.Module, index: Index, report: Report) -> cst.Module:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    body = list(module.body)
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.ClassDef) and stmt.name.value == binding.cls.name:
            shape = fields.shape_of(stmt)
            try:
                _refuse_referenced_removal(rule, binding, index, shape)
                edit = fields.apply(rule, binding.field, shape)
            except fields.FieldError as e:
                report.error(rule, _line_of(positions, e.node, stmt), str(e))
                return module
            if edit is None:
                return module
            report.change(rule, _line_of(positions, edit.node, stmt), edit.message)
            body[i] = edit.cls
            return fields.add_imports(module.with_changes(body=body), edit.imports)
    return module


def _refuse_referenced_removal(rule: Rule, binding: Binding, index: Index, shape: fields.ClassShape) -> None:
    places = index.references_to(binding.field) if isinstance(rule, Remove) else ()
    if places:
        shown = ", ".join(places[:10]) + (f" and {len(places) - 10} more" if len(places) > 10 else "")
        message = f"cannot remove field {binding.cls.name}.{binding.field}: it is still referenced at {shown}"
        raise fields.FieldError(message, shape.field_named(binding.field))


def _line_of(positions: Any, node: cst.CSTNode | None, default: cst.CSTNode) -> int:
    return int((positions[node] if node is not None and node in positions else positions[default]).start.line)


def _follow(rule: Rule, binding: Binding, module: cst.Module, own_file: bool, report: Report) -> cst.Module:
    """Renames (and maps that rename) reach the code that reads or constructs the class."""
    if not isinstance(rule, (Rename, Map)) or rule.target is None or rule.target.last == binding.field:
        return module
    if binding.field not in module.code:
        return module
    follow = FollowRename(rule, binding.cls, binding.field, rule.target.last, report, own_file)
    return MetadataWrapper(module).visit(follow)


def _longest_literal(pattern: str) -> str:
    """The last dotted component of a callee pattern that has no wildcard (``from_pretrained``)."""
    literal = [part for part in pattern.split(".") if part and not re.search(r"[*?\[\]]", part)]
    return literal[-1] if literal else ""


ENGINE: Any = PythonEngine()
