"""Keyword arguments at call sites matched by qualified-name patterns (``*.from_pretrained``).

Also the keys of a dict that is splatted (``**kw``) into a matching call in the same function:
``kw = {"torch_dtype": ...}``, ``kw = dict(torch_dtype=...)``, ``kw["torch_dtype"] = ...``,
``kw.update(torch_dtype=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import Any

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider, QualifiedNameProvider, QualifiedNameSource

from cfgmigrate.engines.python import literals
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.scalars import CoercionError, coerce
from cfgmigrate.rules import Op, Rule, RulePack, is_missing, same_value


def callee_names(node: cst.Call, qualified: set[Any]) -> list[str]:
    """The callee's qualified names (through imports and aliases), else its dotted source text."""
    names = [q.name for q in qualified if q.source is not QualifiedNameSource.LOCAL or "<locals>" not in q.name]
    text = get_full_name_for_node(node.func)
    return names + ([text] if text and not names else [])


def matches(patterns: Sequence[str], names: Sequence[str]) -> bool:
    return any(fnmatchcase(name, p) for p in patterns for name in names)


class SplatFinder(cst.CSTVisitor):
    """First pass: which names each function splats (``**kw``) into a matching call."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule
        self.stack: list[cst.CSTNode | None] = [None]
        self.splats: dict[cst.CSTNode | None, set[str]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Call(self, node: cst.Call) -> None:
        names = callee_names(node, self.get_metadata(QualifiedNameProvider, node.func, set()))
        if matches(self.rule.calls, names):
            for arg in node.args:
                if arg.star == "**" and isinstance(arg.value, cst.Name):
                    self.splats.setdefault(self.stack[-1], set()).add(arg.value.value)


class CallKeywords(cst.CSTTransformer):
    """Applies one call rule to every matching call in a module, and to the dicts they splat."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider)

    def __init__(self, rule: Rule, pack: RulePack, report: Report, splats: dict[cst.CSTNode | None, set[str]]) -> None:
        super().__init__()
        self.rule, self.pack, self.report, self.splats = rule, pack, report, splats
        self.stack: list[cst.CSTNode | None] = [None]

    def line(self, node: cst.CSTNode) -> int:
        return int(self.get_metadata(PositionProvider, node).start.line)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.stack.pop()
        return updated

    def _splatted(self) -> set[str]:
        return self.splats.get(self.stack[-1], set())

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "update"
            and isinstance(func.value, cst.Name)
            and func.value.value in self._splatted()
        ):
            return splat_keyword(self.rule, updated, self.line(original), self.report)
        names = callee_names(original, self.get_metadata(QualifiedNameProvider, original.func, set()))
        if not matches(self.rule.calls, names):
            return updated
        return keyword_op(self.rule, self.pack, updated, self.line(original), self.report)

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if len(updated.targets) != 1 or not self._splatted():
            return updated
        target, line = updated.targets[0].target, self.line(original)
        if isinstance(target, cst.Name) and target.value in self._splatted():
            return updated.with_changes(value=splat_dict(self.rule, updated.value, line, self.report))
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and target.value.value in self._splatted():
            return updated.with_changes(
                targets=[updated.targets[0].with_changes(target=splat_subscript(self.rule, target, line, self.report))]
            )
        return updated


def _find(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def keyword_op(rule: Rule, pack: RulePack, call: cst.Call, line: int, report: Report) -> cst.Call:
    name = rule.path.last
    arg = _find(call, name)
    if rule.op is Op.ADD:
        return _add(rule, call, line, report) if _find(call, name) is None else call
    if arg is None:
        return call
    if rule.op is Op.RENAME:
        return _rename(rule, call, arg, line, report)
    if rule.op is Op.REMOVE:
        report.change(rule, line, f"removed keyword {name}")
        return _without(call, arg)
    if rule.op is Op.COERCE:
        return _coerce(rule, call, arg, line, report)
    if rule.op is Op.MAP:
        return _map(rule, pack, call, arg, line, report)
    return call


def _rename(rule: Rule, call: cst.Call, arg: cst.Arg, line: int, report: Report) -> cst.Call:
    assert rule.target is not None
    new = rule.target.last
    if _find(call, new) is not None:
        report.error(rule, line, f"cannot rename keyword {rule.path.last} to {new}: the call already passes {new}")
        return call
    report.change(rule, line, f"renamed keyword {rule.path.last} to {new}")
    return _replace(call, arg, arg.with_changes(keyword=cst.Name(new)))


def _replace(call: cst.Call, old: cst.Arg, new: cst.Arg) -> cst.Call:
    return call.with_changes(args=[new if a is old else a for a in call.args])


def _without(call: cst.Call, arg: cst.Arg) -> cst.Call:
    args = [a for a in call.args if a is not arg]
    if args and call.args[-1] is arg:  # the new last argument takes the removed one's trailing comma
        args[-1] = args[-1].with_changes(comma=arg.comma)
    return call.with_changes(args=args)


def _coerce(rule: Rule, call: cst.Call, arg: cst.Arg, line: int, report: Report) -> cst.Call:
    try:
        current = literals.value_of(arg.value)
    except literals.NotALiteral as e:
        report.warn(rule, line, f"keyword {rule.path.last}={e} is not a literal; left for a person")
        return call
    try:
        value = coerce(current, rule.coerce_to or "str")
    except CoercionError as e:
        report.error(rule, line, f"cannot coerce keyword {rule.path.last}: {e}")
        return call
    if value == current and type(value) is type(current):
        return call
    report.change(rule, line, f"coerced keyword {rule.path.last} to {rule.coerce_to}")
    return _replace(call, arg, arg.with_changes(value=literals.expression(value, arg.value)))


def _map(rule: Rule, pack: RulePack, call: cst.Call, arg: cst.Arg, line: int, report: Report) -> cst.Call:
    new_name = rule.target.last if rule.target is not None else rule.path.last
    if new_name != rule.path.last and _find(call, new_name) is not None:
        report.error(rule, line, f"cannot map keyword {rule.path.last} to {new_name}: the call already passes {new_name}")
        return call
    try:
        value = _mapped_value(rule, pack, arg.value)
    except literals.NotALiteral as e:
        report.warn(
            rule, line, f"keyword {rule.path.last}={e} is not a literal and `values` is not true/false; left for a person"
        )
        return call
    if value is None:
        return call
    report.change(rule, line, f"mapped keyword {rule.path.last} to {new_name}")
    return _replace(call, arg, arg.with_changes(keyword=cst.Name(new_name), value=value))


def _mapped_value(rule: Rule, pack: RulePack, node: cst.BaseExpression) -> cst.BaseExpression | None:
    try:
        current = literals.value_of(node)
    except literals.NotALiteral:
        if _reads_mapped_setting(rule, pack, node):
            return node  # already in the new vocabulary: only the keyword changes
        bools = {k for k, _ in rule.values}
        if len(rule.values) == 2 and all(isinstance(k, bool) for k in bools) and bools == {True, False}:
            yes, no = rule.mapped(True), rule.mapped(False)
            text = f"{literals.source(yes)} if {cst.Module([]).code_for_node(node)} else {literals.source(no)}"
            return cst.parse_expression(text)
        raise
    new = rule.mapped(current)
    if is_missing(new):
        return None
    return literals.expression(new, node)


def _reads_mapped_setting(rule: Rule, pack: RulePack, node: cst.BaseExpression) -> bool:
    """``use_flash_attention_2=args.use_flash_attention_2`` where the pack maps that setting itself."""
    read = node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else None
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
            read = index.value.evaluated_value if isinstance(index.value.evaluated_value, str) else None
    if read is None:
        return False
    for other in pack.rules:
        if other.op is Op.MAP and not other.calls and _same_values(other, rule):
            names = {other.path.last} | ({other.target.last} if other.target is not None else set())
            if read in names:
                return True
    return False


def _same_values(a: Rule, b: Rule) -> bool:
    return len(a.values) == len(b.values) and all(
        same_value(x[0], y[0]) and same_value(x[1], y[1]) for x, y in zip(a.values, b.values, strict=True)
    )


def _add(rule: Rule, call: cst.Call, line: int, report: Report) -> cst.Call:
    if any(a.star == "**" for a in call.args):
        report.warn(rule, line, f"not adding {rule.path.last}=...: the call splats **kwargs, which may already carry it")
        return call
    value = literals.expression(rule.value)
    new = cst.Arg(
        keyword=cst.Name(rule.path.last), value=value, equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    )
    args = list(call.args)
    if args:
        last = args[-1]
        if isinstance(last.comma, cst.Comma):
            # a trailing comma: the new argument ends like the old last one, which takes its
            # neighbour's comma (same line break and indentation as between the other arguments)
            new = new.with_changes(comma=last.comma)
            between = (
                args[-2].comma
                if len(args) > 1 and isinstance(args[-2].comma, cst.Comma)
                else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
            args[-1] = last.with_changes(comma=between)
        else:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    report.change(rule, line, f"added keyword {rule.path.last}")
    return call.with_changes(args=[*args, new])


def _new_key(rule: Rule) -> str | None:
    """What a splatted dict's key becomes (renames only: values there are left to the call rule)."""
    if rule.op is Op.RENAME and rule.target is not None:
        return rule.target.last
    return None


def splat_keyword(rule: Rule, call: cst.Call, line: int, report: Report) -> cst.Call:
    """``kw.update(torch_dtype=...)`` and ``dict(torch_dtype=...)`` for a splatted ``kw``."""
    new, arg = _new_key(rule), _find(call, rule.path.last)
    if new and arg is not None and _find(call, new) is None:
        report.change(rule, line, f"renamed key {rule.path.last} of a dict splatted into a matching call")
        return _replace(call, arg, arg.with_changes(keyword=cst.Name(new)))
    if rule.op is not Op.RENAME and arg is not None:
        report.warn(rule, line, f"{rule.path.last} is set in a dict splatted into a matching call; left for a person")
    return call


def splat_dict(rule: Rule, value: cst.BaseExpression, line: int, report: Report) -> cst.BaseExpression:
    """``kw = {"torch_dtype": ...}`` or ``kw = dict(torch_dtype=...)``."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        return splat_keyword(rule, value, line, report)
    new = _new_key(rule)
    if not isinstance(value, cst.Dict):
        return value
    elements = []
    for e in value.elements:
        if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == rule.path.last:
            if new is None:
                report.warn(rule, line, f"{rule.path.last} is set in a dict splatted into a matching call; left for a person")
            else:
                e = e.with_changes(key=literals.expression(new, e.key))
                report.change(rule, line, f"renamed key {rule.path.last} of a dict splatted into a matching call")
        elements.append(e)
    return value.with_changes(elements=elements)


def splat_subscript(rule: Rule, target: cst.Subscript, line: int, report: Report) -> cst.Subscript:
    """``kw["torch_dtype"] = ...``."""
    new = _new_key(rule)
    if len(target.slice) != 1 or not isinstance(target.slice[0].slice, cst.Index):
        return target
    key = target.slice[0].slice.value
    if not (isinstance(key, cst.SimpleString) and key.evaluated_value == rule.path.last):
        return target
    if new is None:
        report.warn(rule, line, f"{rule.path.last} is set in a dict splatted into a matching call; left for a person")
        return target
    report.change(rule, line, f"renamed key {rule.path.last} of a dict splatted into a matching call")
    return target.with_changes(slice=[target.slice[0].with_changes(slice=cst.Index(literals.expression(new, key)))])
