"""Python literals <-> values, for defaults and keyword values (no eval: libcst nodes only)."""

from __future__ import annotations

import json
from typing import Any

import libcst as cst

from cfgmigrate.engines.scalars import CoercionError


class NotALiteral(ValueError):
    """An expression that is not a plain literal (a name, a call, an f-string...)."""


def value_of(node: cst.BaseExpression) -> Any:
    """The value of a literal expression, or raise NotALiteral."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        if isinstance(value, str):
            return value
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Float):
        return float(node.value.replace("_", ""))
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = value_of(node.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
    if isinstance(node, cst.List) and all(isinstance(e, cst.Element) for e in node.elements):
        return [value_of(e.value) for e in node.elements]
    if isinstance(node, cst.Dict) and all(isinstance(e, cst.DictElement) for e in node.elements):
        return {value_of(e.key): value_of(e.value) for e in node.elements if isinstance(e, cst.DictElement)}
    raise NotALiteral(cst.Module([]).code_for_node(node))


def source(value: Any, quote: str = '"') -> str:
    """Python source for a plain value (strings in the given quote character)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        if quote == "'" and "'" not in value and "\\" not in value:
            return "'" + value + "'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(source(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{source(k, quote)}: {source(v, quote)}" for k, v in value.items()) + "}"
    raise CoercionError(f"{value!r} cannot be written as a Python literal")


def expression(value: Any, like: cst.BaseExpression | None = None) -> cst.BaseExpression:
    """A libcst expression for ``value``; keeps the quote character of ``like`` when it is a string."""
    quote = "'" if isinstance(like, cst.SimpleString) and like.value.startswith("'") else '"'
    return cst.parse_expression(source(value, quote))


def is_mutable(value: Any) -> bool:
    return isinstance(value, (list, dict, set))


def factory_source(value: Any) -> str:
    """``default_factory`` for a mutable default: ``list``/``dict`` when empty, else a lambda."""
    if value == [] or value == {}:
        return type(value).__name__
    return "lambda: " + source(value)
