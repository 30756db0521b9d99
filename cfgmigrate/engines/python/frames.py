"""The records of ``scopes.py``: a scope's frame, one binding of a name, one access of the attribute."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass(eq=False)
class Frame:
    """One scope: the names it binds, each with how (the values, annotations and unpackings)."""

    node: ast.AST
    parent: Frame | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    returns: list[ast.expr | None] = field(default_factory=list)  # a function's ``return`` values
    yields: list[ast.expr | None] = field(default_factory=list)  # its ``yield`` values

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)


@dataclass(frozen=True)
class Binding:
    line: int
    value: ast.expr | None = None  # ``x = value``
    annotation: ast.expr | None = None  # ``x: A`` or an annotated parameter
    item: tuple[int, int] | None = None  # ``a, x, c = value``: (position, count)
    frame: Frame | None = None  # where ``value`` is evaluated
    imported: str = ""  # ``from a import b`` inside a function: the qualified name
    param: tuple[ast.FunctionDef | ast.AsyncFunctionDef, int | None, str] | None = None  # unannotated: (function, position, name)
    owner: tuple[ast.ClassDef, str] | None = None  # a method's first parameter: (its class, "self" | "cls")


@dataclass(frozen=True)
class Site:
    """An access ``value.NAME`` (or ``getattr(value, "NAME", ...)``) and how it is used."""

    node: ast.Attribute | ast.Call
    value: ast.expr
    frame: Frame
    use: str  # "read" | "write" | "delete" | "update" (augmented) | "by name" (getattr & co)
