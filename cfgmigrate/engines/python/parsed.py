"""One module as the call rules see it: its text, its ``ast`` tree, and its scopes, gathered in one walk.

A rule that changes nothing hands the same ``Parsed`` to the next rule; a rule that changes the text
hands on the tree its guard parsed from the output. So each version of a file is parsed once and
walked once, whatever the number of rules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from cfgmigrate.engines.python.offsets import Offsets

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
SPLAT_NODES = (ast.Assign, ast.AnnAssign, ast.Subscript, ast.Call, ast.Compare)  # what splats.py reads


@dataclass(eq=False)
class Scope:
    """One function (or the module): the names it binds, its calls and the nodes splats.py reads."""

    node: ast.AST
    parent: Scope | None = None
    local: set[str] = field(default_factory=set)
    calls: list[ast.Call] = field(default_factory=list)
    nodes: list[ast.AST] = field(default_factory=list)

    def binds(self, name: str) -> bool:
        """Whether this function or an enclosing one binds ``name`` (the module's names are imports)."""
        scope: Scope | None = self
        while scope is not None and scope.parent is not None:
            if name in scope.local:
                return True
            scope = scope.parent
        return False


@dataclass(frozen=True)
class RepeatedKeyword:
    line: int
    name: str


class Parsed:
    """A module's text with its tree, imports and scopes (``ast.parse`` errors are the caller's)."""

    def __init__(self, text: str, tree: ast.Module | None = None) -> None:
        self.text = text
        self.tree = tree if tree is not None else ast.parse(text)
        self.at = Offsets(text)
        self.imports: dict[str, str] = {}
        self.scopes: list[Scope] = []
        self.repeated: list[RepeatedKeyword] = []  # a SyntaxError for CPython's compiler, not for ast.parse
        _Walk(self).run()


class _Walk:
    """The single walk over a tree that fills a ``Parsed``'s imports, scopes and repeated keywords."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed

    def run(self) -> None:
        module = Scope(self.parsed.tree)
        self.parsed.scopes.append(module)
        stack: list[tuple[ast.AST, Scope]] = [(self.parsed.tree, module)]
        while stack:
            node, scope = stack.pop()
            children = self._visit(node, scope)
            stack.extend(reversed(children))

    def _visit(self, node: ast.AST, scope: Scope) -> list[tuple[ast.AST, Scope]]:
        if isinstance(node, FUNCTIONS) and node is not scope.node:
            return self._function(node, scope)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            scope.local.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self._import(node)
        elif isinstance(node, ast.Call):
            scope.calls.append(node)
            self._check_repeated(node)
        if isinstance(node, SPLAT_NODES):
            scope.nodes.append(node)
        return [(child, scope) for child in ast.iter_child_nodes(node)]

    def _function(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, outer: Scope) -> list[tuple[ast.AST, Scope]]:
        """Decorators, defaults and annotations belong to the enclosing scope; the body to the function's."""
        inner = Scope(fn, outer, _parameters(fn.args))
        self.parsed.scopes.append(inner)
        body: list[ast.AST] = [fn.body] if isinstance(fn, ast.Lambda) else list(fn.body)
        if not isinstance(fn, ast.Lambda):
            outer.local.add(fn.name)
        in_body = {id(child) for child in body}
        around = [child for child in ast.iter_child_nodes(fn) if id(child) not in in_body]
        return [(child, outer) for child in around] + [(child, inner) for child in body]

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        imports = self.parsed.imports
        if isinstance(node, ast.Import):
            for a in node.names:
                imports[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif node.module and not node.level:
            for a in node.names:
                imports[a.asname or a.name] = f"{node.module}.{a.name}"

    def _check_repeated(self, call: ast.Call) -> None:
        if len(call.keywords) < 2:
            return
        seen: set[str] = set()
        for kw in call.keywords:
            if kw.arg is not None and kw.arg in seen:
                self.parsed.repeated.append(RepeatedKeyword(kw.lineno, kw.arg))
            seen.add(kw.arg or "")


def _parameters(args: ast.arguments) -> set[str]:
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    return names | {a.arg for a in (args.vararg, args.kwarg) if a is not None}
