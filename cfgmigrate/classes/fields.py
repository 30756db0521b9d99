"""A class body's own fields and the decorator facts that make it a dataclass, read from ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from cfgmigrate.classes.model import REQUIRED, Computed, Field

# decorators that turn a class into a dataclass (``huggingface_hub``'s ``strict`` applies dataclass)
DATACLASS_DECORATORS = {"dataclass", "strict", "pydantic_dataclass"}
FIELD_FUNCTIONS = {"field", "Field"}


def decorator_names(node: ast.ClassDef) -> list[str]:
    """The last dotted segment of each decorator: ``@dataclasses.dataclass(kw_only=True)`` -> dataclass."""
    out = []
    for d in node.decorator_list:
        func = d.func if isinstance(d, ast.Call) else d
        out.append(ast.unparse(func).split(".")[-1])
    return out


def is_dataclass_decorated(node: ast.ClassDef) -> bool:
    return any(name in DATACLASS_DECORATORS for name in decorator_names(node))


def is_transform_decorated(node: ast.ClassDef) -> bool:
    """``@dataclass_transform()`` on a base: its subclasses are dataclass-like (PEP 681)."""
    return "dataclass_transform" in decorator_names(node)


def kw_only_decorated(node: ast.ClassDef) -> bool:
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and ast.unparse(d.func).split(".")[-1] in DATACLASS_DECORATORS | {"dataclass_transform"}:
            for kw in d.keywords:
                if kw.arg in ("kw_only", "kw_only_default") and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                    return True
    return False


def own_fields(node: ast.ClassDef, path: str, pydantic: bool) -> Iterator[Field]:
    """The annotated names of the class body, in order; class constants, ``InitVar`` and (in
    pydantic) private attributes are no fields; ``_: KW_ONLY`` makes the later ones keyword-only."""
    kw_only = kw_only_decorated(node)
    for stmt in node.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        name, annotation = stmt.target.id, ast.unparse(stmt.annotation)
        if annotation.split(".")[-1] == "KW_ONLY":
            kw_only = True
            continue
        if "ClassVar" in annotation or "InitVar" in annotation or (pydantic and name.startswith("_")):
            continue
        default = field_default(stmt.value)
        yield Field(
            name,
            annotation,
            default is REQUIRED,
            None if default is REQUIRED else default,
            stmt.lineno,
            path,
            node.name,
            kw_only or _keyword(stmt.value, "kw_only") is True,
            _keyword(stmt.value, "init") is not False,
        )


def _keyword(value: ast.expr | None, name: str) -> Any:
    if isinstance(value, ast.Call) and _is_field_call(value):
        for kw in value.keywords:
            if kw.arg == name and isinstance(kw.value, ast.Constant):
                return kw.value.value
    return None


def _is_field_call(value: ast.Call) -> bool:
    """``field(...)``, ``Field(...)``, or a validator factory's ``interval(...)(default=...)``."""
    return isinstance(value.func, ast.Call) or ast.unparse(value.func).split(".")[-1] in FIELD_FUNCTIONS


def field_default(value: ast.expr | None) -> Any:
    """The declared default as a Python value (source text where it is not a literal), or REQUIRED."""
    if value is None:
        return REQUIRED
    if isinstance(value, ast.Call) and _is_field_call(value):
        for kw in value.keywords:
            if kw.arg == "default":
                return literal(kw.value)
            if kw.arg in ("default_factory", "factory"):
                return Computed(ast.unparse(kw.value) + "()")
        first = value.args[0] if value.args else None
        if first is None or (isinstance(first, ast.Constant) and first.value is Ellipsis):  # Field(...): required
            return REQUIRED
        return literal(first)
    return literal(value)


def literal(node: ast.expr) -> Any:
    """The value of a literal expression; the source text (``Computed``) of anything else (``torch.bfloat16``)."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return Computed(ast.unparse(node))
