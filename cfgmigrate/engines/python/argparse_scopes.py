"""Scopes and small ``ast`` readers for :mod:`.argparse_scan`: which scope a name's binding lives in
(a function's own names, its enclosing functions', ``global``, the module's; class bodies are not
seen by their methods), the ``return`` statements of a function, the names a statement stores."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


@dataclass(eq=False)
class Scope:
    node: ast.AST
    parent: Scope | None
    local: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)

    def owner(self, name: str) -> Scope:
        """The scope whose binding of ``name`` a use here sees (the module's when none binds it)."""
        scope: Scope | None = self
        while scope is not None and scope.parent is not None:
            if name in scope.declared_global:
                break
            if name in scope.local and not isinstance(scope.node, ast.ClassDef):
                return scope
            scope = scope.parent
        while scope is not None and scope.parent is not None:
            scope = scope.parent
        assert scope is not None
        return scope


def returns(fn: ast.AST) -> Iterator[ast.Return]:
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return):
            yield node
        if not isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))


def stored_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    targets: list[ast.AST] = []
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [i.optional_vars for i in node.items if i.optional_vars is not None]
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]


def dotted(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return [*inner, node.attr] if inner else []
    return []
