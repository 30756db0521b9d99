"""One module as the call rules see it: its text, its ``ast`` tree, and its scopes, walked lazily.

A rule can only edit where its literal text occurs (``torch_dtype`` for a rename of that keyword,
in the keyword itself or in a splatted dict's key). So only the outermost functions that hold an
occurrence are walked (whole, so that every name they bind is known), and the code outside any
function (module and class level, one scope) only when an occurrence lies there. Each region is
walked at most once per version of the file, however many rules run; a rule without literal text
(``add`` with ``calls: ["*"]``) walks everything once. A rule that changes nothing hands the same
``Parsed`` to the next rule; one that changes the text hands on the tree its guard parsed.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from cfgmigrate.engines.python.offsets import Offsets

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
SPLAT_NODES = (ast.Assign, ast.AnnAssign, ast.Subscript, ast.Call, ast.Compare)  # what splats.py reads
BLOCKS = ("body", "orelse", "handlers", "finalbody", "cases")


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


@dataclass(frozen=True)
class _Function:
    start: int  # first line, decorators included
    header_end: int  # the line where the body starts
    end: int
    node: ast.FunctionDef | ast.AsyncFunctionDef


class Parsed:
    """A module's text with its tree, imports and scopes (``ast.parse`` errors are the caller's)."""

    def __init__(self, text: str, tree: ast.Module | None = None) -> None:
        self.text = text
        self.tree = tree if tree is not None else ast.parse(text)
        self.at = Offsets(text)
        self.imports: dict[str, str] = {}
        self.module = Scope(self.tree)
        self.scopes: list[Scope] = [self.module]
        self.repeated: list[RepeatedKeyword] = []  # a SyntaxError for CPython's compiler, not for ast.parse
        self._functions: list[_Function] = []  # the outermost functions, in line order
        self._walked: set[int] = set()  # ids of the outermost functions walked
        self._module_walked = False
        _scan(self.tree.body, self)

    def scopes_for(self, tokens: tuple[str, ...]) -> list[Scope]:
        """The scopes, walked at least where one of ``tokens`` occurs (everywhere when there is none)."""
        lines = sorted({self.at.line_of(m.start()) for t in tokens for m in re.finditer(re.escape(t), self.text)})
        starts = [f.start for f in self._functions]
        outside = not tokens
        for line in lines:
            i = bisect_right(starts, line) - 1
            fn = self._functions[i] if i >= 0 and line <= self._functions[i].end else None
            if fn is not None and id(fn.node) not in self._walked:
                self._walked.add(id(fn.node))
                _Walk(self).function(fn.node, self.module)
            outside = outside or fn is None or line <= fn.header_end
        if not tokens:
            for fn in self._functions:
                if id(fn.node) not in self._walked:
                    self._walked.add(id(fn.node))
                    _Walk(self).function(fn.node, self.module)
        if outside and not self._module_walked:
            self._module_walked = True
            _Walk(self).module_level()
        return self.scopes


def _scan(body: list[ast.stmt], parsed: Parsed) -> None:
    """Statements only (no expressions): the imports outside functions and the outermost functions."""
    for stmt in body:
        if isinstance(stmt, DEFS):
            start = min([d.lineno for d in stmt.decorator_list] + [stmt.lineno])
            parsed._functions.append(_Function(start, stmt.body[0].lineno, stmt.end_lineno or stmt.lineno, stmt))
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            _import(stmt, parsed.imports)
        else:
            for name in BLOCKS:
                for child in getattr(stmt, name, ()):
                    _scan(child.body if isinstance(child, (ast.ExceptHandler, ast.match_case)) else [child], parsed)


def _import(node: ast.Import | ast.ImportFrom, imports: dict[str, str]) -> None:
    if isinstance(node, ast.Import):
        for a in node.names:
            imports[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    elif node.module and not node.level:
        for a in node.names:
            imports[a.asname or a.name] = f"{node.module}.{a.name}"


class _Walk:
    """One walk over a region of the tree, filling scopes, imports and repeated keywords."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed

    def module_level(self) -> None:
        """The code outside the outermost functions (their decorators and defaults included)."""
        self._run([(self.parsed.tree, self.parsed.module)], outermost_bodies=False)

    def function(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope) -> None:
        """An outermost function's parameters and body, nested functions included."""
        inner = Scope(fn, outer, _parameters(fn.args))
        self.parsed.scopes.append(inner)
        self._run([(child, inner) for child in fn.body], outermost_bodies=True)

    def _run(self, start: list[tuple[ast.AST, Scope]], outermost_bodies: bool) -> None:
        stack = list(reversed(start))
        module = self.parsed.module
        while stack:
            node, scope = stack.pop()
            if isinstance(node, FUNCTIONS):
                if not outermost_bodies and scope is module and isinstance(node, DEFS):
                    stack.extend(reversed([(c, scope) for c in _around(node)]))  # the body is walked on demand
                    continue
                stack.extend(reversed(self._nested(node, scope)))
                continue
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Store):
                    scope.local.add(node.id)
                continue
            if isinstance(node, ast.Call):
                scope.calls.append(node)
                if len(node.keywords) > 1:
                    self._check_repeated(node)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                _import(node, self.parsed.imports)
            if isinstance(node, SPLAT_NODES):
                scope.nodes.append(node)
            stack.extend(reversed([(child, scope) for child in ast.iter_child_nodes(node)]))

    def _nested(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, outer: Scope) -> list[tuple[ast.AST, Scope]]:
        """Decorators, defaults and annotations belong to the enclosing scope; the body to the function's."""
        inner = Scope(fn, outer, _parameters(fn.args))
        self.parsed.scopes.append(inner)
        if isinstance(fn, ast.Lambda):
            return [(c, outer) for c in _around(fn)] + [(fn.body, inner)]
        outer.local.add(fn.name)
        return [(c, outer) for c in _around(fn)] + [(c, inner) for c in fn.body]

    def _check_repeated(self, call: ast.Call) -> None:
        seen: set[str] = set()
        for kw in call.keywords:
            if kw.arg is not None and kw.arg in seen:
                self.parsed.repeated.append(RepeatedKeyword(kw.lineno, kw.arg))
            seen.add(kw.arg or "")


def _around(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.AST]:
    """A function's parts evaluated where it is defined: decorators, defaults, annotations."""
    args = fn.args
    parts: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    if isinstance(fn, ast.Lambda):
        return parts
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a is not None)]
    annotations = [a.annotation for a in every if a.annotation is not None]
    return [*fn.decorator_list, *parts, *annotations, *([fn.returns] if fn.returns is not None else [])]


def _parameters(args: ast.arguments) -> set[str]:
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    return names | {a.arg for a in (args.vararg, args.kwarg) if a is not None}
