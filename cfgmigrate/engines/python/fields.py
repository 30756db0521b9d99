"""Operations on the fields of a bound dataclass or pydantic model, in the file that defines it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from cfgmigrate.engines.python import cstliterals, defaults, literals
from cfgmigrate.engines.python.defaults import has_default
from cfgmigrate.engines.scalars import CoercionError, coerce
from cfgmigrate.rules import Add, Coerce, Map, Remove, Rename, Rule, SetDefault, is_missing

SIMPLE_TYPES = {"bool", "int", "float", "str"}
_UNMAPPED = object()


class FieldError(Exception):
    """A class operation that must be refused (illegal default order, unknown field...)."""

    def __init__(self, message: str, node: cst.CSTNode | None = None) -> None:
        super().__init__(message)
        self.node = node


@dataclass
class ClassShape:
    """The facts about a class that decide where fields may go."""

    node: cst.ClassDef
    is_dataclass: bool
    kw_only: bool
    fields: list[tuple[str, cst.AnnAssign, cst.SimpleStatementLine]] = field(default_factory=list)

    def field_named(self, name: str) -> cst.AnnAssign | None:
        return next((a for n, a, _ in self.fields if n == name), None)


def shape_of(cls: cst.ClassDef) -> ClassShape:
    is_dc, kw_only = False, False
    for deco in cls.decorators:
        expr = deco.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name == "dataclass":
            is_dc = True
            if isinstance(expr, cst.Call):
                kw_only = any(a.keyword and a.keyword.value == "kw_only" and _is_true(a.value) for a in expr.args)
    shape = ClassShape(cls, is_dc, kw_only)
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    shape.fields.append((small.target.value, small, stmt))
    return shape


def _is_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


@dataclass
class FieldEdit:
    """The result of one rule on one class: the new class node and the imports it needs."""

    cls: cst.ClassDef
    message: str
    node: cst.CSTNode | None = None  # the field as read, for the report's line (None: the class line)
    imports: list[tuple[str, str]] = field(default_factory=list)


def apply(rule: Rule, name: str, shape: ClassShape) -> FieldEdit | None:
    """Carry out ``rule`` on field ``name`` of the class; None when there is nothing to do."""
    found = next(((a, s) for n, a, s in shape.fields if n == name), None)
    if isinstance(rule, Add):
        return None if found or _target_exists(shape, name) else _add(rule, name, shape)
    if found is None:
        return None
    ann, stmt = found
    handler = FIELD_OPS.get(rule.op)
    assert handler is not None, f"{rule.op} reached the class fields, which do not handle it"
    return handler(rule, name, shape, ann, stmt)


def _target_exists(shape: ClassShape, name: str) -> bool:
    return any(n == name for n, _, _ in shape.fields)


def _replace_stmt(shape: ClassShape, old: cst.SimpleStatementLine, new: cst.SimpleStatementLine | None) -> cst.ClassDef:
    body = [new if s is old else s for s in shape.node.body.body if not (s is old and new is None)]
    return shape.node.with_changes(body=shape.node.body.with_changes(body=[s for s in body if s is not None]))


def _with_ann(stmt: cst.SimpleStatementLine, ann: cst.AnnAssign, new: cst.AnnAssign) -> cst.SimpleStatementLine:
    return stmt.with_changes(body=[new if s is ann else s for s in stmt.body])


def _rename(rule: Rename, name: str, shape: ClassShape, ann: cst.AnnAssign, stmt: cst.SimpleStatementLine) -> FieldEdit:
    new_name = rule.target.last
    if _target_exists(shape, new_name):
        raise FieldError(f"cannot rename field {name} to {new_name}: {shape.node.name.value} already has {new_name}", ann)
    new = ann.with_changes(target=cst.Name(new_name))
    return FieldEdit(
        _replace_stmt(shape, stmt, _with_ann(stmt, ann, new)), f"renamed field {shape.node.name.value}.{name} to {new_name}", ann
    )


def _map(rule: Map, name: str, shape: ClassShape, ann: cst.AnnAssign, stmt: cst.SimpleStatementLine) -> FieldEdit:
    new_name = rule.target.last if rule.target is not None else name
    if new_name != name and _target_exists(shape, new_name):
        raise FieldError(f"cannot map field {name} to {new_name}: {shape.node.name.value} already has {new_name}", ann)
    new = ann.with_changes(target=cst.Name(new_name))
    if rule.annotation:
        new = new.with_changes(annotation=cst.Annotation(cst.parse_expression(rule.annotation)))
    value = rule.value if rule.has_value else _mapped_default(rule, ann)
    needs_field = False
    if value is not _UNMAPPED and not is_missing(value):
        new, needs_field = defaults.with_default(new, value, shape.is_dataclass)
    edit = FieldEdit(
        _replace_stmt(shape, stmt, _with_ann(stmt, ann, new)), f"mapped field {shape.node.name.value}.{name} to {new_name}", ann
    )
    return _importing_field(edit, needs_field)


def _mapped_default(rule: Map, ann: cst.AnnAssign) -> Any:
    """The mapped value of the current literal default (_UNMAPPED when there is none, or not a literal)."""
    current = defaults.literal_default(ann)
    if current is None:
        return _UNMAPPED
    try:
        return rule.mapped(cstliterals.value_of(current))
    except literals.NotALiteral:
        return _UNMAPPED


def _importing_field(edit: FieldEdit, needed: bool) -> FieldEdit:
    if needed:
        edit.imports.append(("dataclasses", "field"))
    return edit


def _set_default(
    rule: SetDefault, name: str, shape: ClassShape, ann: cst.AnnAssign, stmt: cst.SimpleStatementLine
) -> FieldEdit | None:
    if not has_default(ann) and shape.is_dataclass and not shape.kw_only:
        names = [n for n, _, _ in shape.fields]
        later = [n for n, a, _ in shape.fields[names.index(name) + 1 :] if not has_default(a)]
        if later:
            raise FieldError(
                f"cannot give {shape.node.name.value}.{name} a default: the required field {later[0]} comes after it "
                "(a dataclass field with a default cannot precede one without; reorder the fields or make the class kw_only)",
                ann,
            )
    new, needs_field = defaults.with_default(ann, rule.value, shape.is_dataclass)
    if new.deep_equals(ann):
        return None
    edit = FieldEdit(_replace_stmt(shape, stmt, _with_ann(stmt, ann, new)), f"set default of {shape.node.name.value}.{name}", ann)
    return _importing_field(edit, needs_field)


def _coerce(rule: Coerce, name: str, shape: ClassShape, ann: cst.AnnAssign, stmt: cst.SimpleStatementLine) -> FieldEdit | None:
    new = ann
    to = rule.coerce_to
    current = defaults.literal_default(ann)
    if current is not None:
        try:
            old = cstliterals.value_of(current)
        except literals.NotALiteral:
            pass  # a computed default is the program's business; the annotation may still change
        else:
            try:
                value = coerce(old, to)
            except CoercionError as e:
                raise FieldError(f"cannot coerce the default of {shape.node.name.value}.{name} to {to}: {e}", ann) from None
            if value != old or type(value) is not type(old):
                new, _ = defaults.with_default(ann, value, shape.is_dataclass)
    annotation = ann.annotation.annotation
    if to in SIMPLE_TYPES and isinstance(annotation, cst.Name) and annotation.value in SIMPLE_TYPES and annotation.value != to:
        new = new.with_changes(annotation=cst.Annotation(cst.Name(to)))
    if new is ann:
        return None
    return FieldEdit(
        _replace_stmt(shape, stmt, _with_ann(stmt, ann, new)), f"coerced field {shape.node.name.value}.{name} to {to}", ann
    )


def _remove(rule: Remove, name: str, shape: ClassShape, ann: cst.AnnAssign, stmt: cst.SimpleStatementLine) -> FieldEdit:
    if len(stmt.body) > 1:
        return FieldEdit(
            _replace_stmt(shape, stmt, stmt.with_changes(body=[s for s in stmt.body if s is not ann])),
            f"removed field {shape.node.name.value}.{name}",
            ann,
        )
    return FieldEdit(_replace_stmt(shape, stmt, None), f"removed field {shape.node.name.value}.{name}", ann)


def _add(rule: Add, name: str, shape: ClassShape) -> FieldEdit:
    """Append the field after the last one: a defaulted field there is legal in any dataclass."""
    annotation = rule.annotation or _annotation_for(rule.value)
    bare = cst.parse_statement(f"{name}: {annotation}\n")
    assert isinstance(bare, cst.SimpleStatementLine) and isinstance(bare.body[0], cst.AnnAssign)
    ann, needs_field = defaults.with_default(bare.body[0], rule.value, shape.is_dataclass)
    body: list[cst.BaseStatement] = list(shape.node.body.body)  # type: ignore[arg-type]
    last_field = max((body.index(s) for _, _, s in shape.fields), default=_after_docstring(body))
    body.insert(last_field + 1, bare.with_changes(body=[ann]))
    edit = FieldEdit(
        shape.node.with_changes(body=shape.node.body.with_changes(body=body)), f"added field {shape.node.name.value}.{name}"
    )
    return _importing_field(edit, needs_field)


# Operations on an existing field, by operation name (``add`` creates one: see apply).
FIELD_OPS: dict[str, Callable[..., FieldEdit | None]] = {
    "rename": _rename,
    "map": _map,
    "set_default": _set_default,
    "coerce": _coerce,
    "remove": _remove,
}


def _after_docstring(body: list[cst.BaseStatement]) -> int:
    if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr):
        return 0
    return -1


def _annotation_for(value: Any) -> str:
    if value is None:
        raise FieldError("add needs `type` when the default is null")
    return type(value).__name__


def add_imports(module: cst.Module, imports: list[tuple[str, str]]) -> cst.Module:
    """Add ``from mod import obj`` once per file: appended to an existing ``from mod import ...``
    (libcst's AddImportsVisitor would put it first), else a new line after the last import."""
    for mod, obj in dict.fromkeys(imports):
        module = _add_import(module, mod, obj)
    return module


def _add_import(module: cst.Module, mod: str, obj: str) -> cst.Module:
    body = list(module.body)
    last_import = -1
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                last_import = i
            if isinstance(small, cst.ImportFrom) and _module_name(small) == mod and not isinstance(small.names, cst.ImportStar):
                if any(isinstance(a.name, cst.Name) and a.name.value == obj and a.asname is None for a in small.names):
                    return module
                names = [
                    *small.names[:-1],
                    small.names[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                    cst.ImportAlias(cst.Name(obj)),
                ]
                body[i] = stmt.with_changes(body=[small.with_changes(names=names) if s is small else s for s in stmt.body])
                return module.with_changes(body=body)
    new = cst.parse_statement(f"from {mod} import {obj}\n")
    body.insert(last_import + 1, new)
    return module.with_changes(body=body)


def _module_name(node: cst.ImportFrom) -> str:
    if node.relative or node.module is None:
        return ""
    return cst.Module([]).code_for_node(node.module)
