"""Python places that follow a bound field's rename: constructor keywords of the class, string-key
accesses (``x["old"]``, ``x.get("old", ...)``, ``"old" in x``, ``getattr/setattr(x, "old")``) and,
with ``access: [keys, attributes]``, attribute reads and writes ``x.old``."""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider, QualifiedNameProvider, QualifiedNameSource

from cfgmigrate.engines.python import cstliterals
from cfgmigrate.engines.python.binding import ClassInfo
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Map, Rename

KEY_METHODS = ("get", "pop", "setdefault")
NAME_FUNCTIONS = ("getattr", "setattr", "hasattr", "delattr")


def callee_names(node: cst.Call, qualified: set[Any]) -> list[str]:
    """The callee's qualified names (through imports and aliases), else its dotted source text."""
    names = [q.name for q in qualified if q.source is not QualifiedNameSource.LOCAL or "<locals>" not in q.name]
    text = get_full_name_for_node(node.func)
    return names + ([text] if text and not names else [])


def _find(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _replace(call: cst.Call, old: cst.Arg, new: cst.Arg) -> cst.Call:
    return call.with_changes(args=[new if a is old else a for a in call.args])


class FollowRename(cst.CSTTransformer):
    """Renames ``old`` to ``new`` wherever code reads or passes the bound setting by name."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider)

    def __init__(
        self, rule: Rename | Map, classes: tuple[ClassInfo, ...], old: str, new: str, report: Report, here: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.rule, self.classes, self.old, self.new, self.report = rule, classes, old, new, report
        self.attributes = "attributes" in rule.access
        self.here = here  # the classes (bound, declaring) whose bodies are in this file
        self.in_class = 0  # depth inside one of those bodies, where ``self.old`` is the field

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if node.name.value in self.here:
            self.in_class += 1

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        if original.name.value in self.here:
            self.in_class -= 1
        return updated

    def line(self, node: cst.CSTNode) -> int:
        return int(self.get_metadata(PositionProvider, node).start.line)

    def _is_old(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.SimpleString) and node.evaluated_value == self.old

    def _renamed(self, node: cst.BaseExpression, where: cst.CSTNode, what: str) -> cst.BaseExpression:
        self.report.change(self.rule, self.line(where), f"renamed {what} {self.old} to {self.new}")
        return cstliterals.expression(self.new, node)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        names = callee_names(original, self.get_metadata(QualifiedNameProvider, original.func, set()))  # type: ignore[arg-type]
        built = next((c for c in self.classes for n in names if c.matches_qualified(n)), None)
        if built is not None:
            return self._constructor(original, updated, built)
        func = updated.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        function = func.value if isinstance(func, cst.Name) else None
        if method in KEY_METHODS and updated.args and self._is_old(updated.args[0].value):
            return self._first_arg(original, updated, "key")
        if function in NAME_FUNCTIONS and len(updated.args) >= 2 and self._is_old(updated.args[1].value):
            args = list(updated.args)
            args[1] = args[1].with_changes(value=self._renamed(args[1].value, original, "attribute name"))
            return updated.with_changes(args=args)
        return updated

    def _first_arg(self, original: cst.Call, updated: cst.Call, what: str) -> cst.Call:
        args = list(updated.args)
        args[0] = args[0].with_changes(value=self._renamed(args[0].value, original, what))
        return updated.with_changes(args=args)

    def _constructor(self, original: cst.Call, updated: cst.Call, built: ClassInfo) -> cst.Call:
        arg = _find(updated, self.old)
        if arg is None:
            return updated
        if _find(updated, self.new) is not None:
            self.report.error(
                self.rule,
                self.line(original),
                f"cannot rename keyword {self.old} to {self.new}: the call already passes {self.new}",
            )
            return updated
        self.report.change(self.rule, self.line(original), f"renamed keyword {self.old} to {self.new} in {built.name}(...)")
        return _replace(updated, arg, arg.with_changes(keyword=cst.Name(self.new)))

    def _own_self(self, node: cst.Attribute) -> bool:
        """``self.old`` in the bound class's own methods is the field itself, whatever ``access`` says."""
        return self.in_class > 0 and isinstance(node.value, cst.Name) and node.value.value == "self"

    def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript) -> cst.BaseExpression:
        if (
            len(updated.slice) == 1
            and isinstance(updated.slice[0].slice, cst.Index)
            and self._is_old(updated.slice[0].slice.value)
        ):
            index = updated.slice[0].slice
            new_index = index.with_changes(value=self._renamed(index.value, original, "key"))
            return updated.with_changes(slice=[updated.slice[0].with_changes(slice=new_index)])
        return updated

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        ops = updated.comparisons
        if len(ops) == 1 and isinstance(ops[0].operator, (cst.In, cst.NotIn)) and self._is_old(updated.left):
            return updated.with_changes(left=self._renamed(updated.left, original, "key"))
        return updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if updated.attr.value == self.old and (self.attributes or self._own_self(updated)):
            self.report.change(self.rule, self.line(original), f"renamed attribute {self.old} to {self.new}")
            return updated.with_changes(attr=cst.Name(self.new))
        return updated
