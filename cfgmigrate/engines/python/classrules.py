"""Rules on bound classes, carried out with libcst: the class's own field, then the code that follows
a rename (constructor keywords, string keys, attributes). Imported only when such a rule runs."""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from cfgmigrate.engines.python import fields
from cfgmigrate.engines.python.access import FollowRename
from cfgmigrate.engines.python.binding import Binding, Index
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Map, Remove, Rename, Rule


def rewrite(rule: Rule, binding: Binding, text: str, declares: bool, relpath: str, index: Index, report: Report) -> str:
    """The module's text after the rule (unchanged when it fails: see ``report.failed``).
    ``declares``: this file holds the class body that declares the field (``binding.owner``)."""
    module = cst.parse_module(text)
    if declares:
        module = _class_op(rule, binding, module, index, report)
        if report.failed:
            return text
    return _follow(rule, binding, module, relpath, report).code


def _class_op(rule: Rule, binding: Binding, module: cst.Module, index: Index, report: Report) -> cst.Module:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    body = list(module.body)
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.ClassDef) and stmt.name.value == binding.owner.name:
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


def _follow(rule: Rule, binding: Binding, module: cst.Module, relpath: str, report: Report) -> cst.Module:
    """Renames (and maps that rename) reach the code that reads or constructs the class."""
    if not isinstance(rule, (Rename, Map)) or rule.target is None or rule.target.last == binding.field:
        return module
    if binding.field not in module.code:
        return module
    here = tuple(c.name for c in binding.classes if c.relpath == relpath)  # class bodies where self.<field> is it
    follow = FollowRename(rule, binding.classes, binding.field, rule.target.last, report, here)
    return MetadataWrapper(module).visit(follow)
