"""libcst literal nodes <-> values, for class defaults (no eval: libcst nodes only)."""

from __future__ import annotations

from typing import Any

import libcst as cst

from cfgmigrate.engines.python.literals import NotALiteral, source


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


def expression(value: Any, like: cst.BaseExpression | None = None) -> cst.BaseExpression:
    """A libcst expression for ``value``; keeps the quote character of ``like`` when it is a string."""
    quote = "'" if isinstance(like, cst.SimpleString) and like.value.startswith("'") else '"'
    return cst.parse_expression(source(value, quote))
