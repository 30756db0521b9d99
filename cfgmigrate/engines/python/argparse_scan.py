"""Which names of one module hold argparse parsers, and which hold the namespaces they parse (``ast``).

A name is a parser when every value it is given is one: ``argparse.ArgumentParser(...)`` (or
``transformers.HfArgumentParser``, resolved through the imports), a group or subparser of a parser,
or, for a parameter, what every call in the file passes (``add_args(parser)``) or its annotation.
A name is a namespace when every value it is given is ``parser.parse_args()`` (``parse_known_args()``
and its first item), a call of a function of this file that returns one, or, for a parameter, what
every call in the file passes (``main(args)``). Names are looked up through the scopes (a function's
own names, its enclosing functions', ``global``, the module's); nothing is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from cfgmigrate.engines.python.argparse_scopes import FUNCTIONS, Scope, dotted, returns, stored_names

PARSER_CLASSES = frozenset(
    {"argparse.ArgumentParser", "transformers.HfArgumentParser", "transformers.hf_argparser.HfArgumentParser"}
)
GROUPS = frozenset({"add_argument_group", "add_mutually_exclusive_group"})
PARSES = {"parse_args": "namespace", "parse_intermixed_args": "namespace", "parse_known_args": "pair"}
PARSES |= {"parse_known_intermixed_args": "pair"}
OTHER = "other"  # a value that is neither a parser nor a namespace


Binding = tuple[int, str]  # (id of the scope's node, name)
Source = ast.expr | tuple[Any, ...]  # a value, or (what, node[, index]): "param", "item", "import", OTHER


class Module:
    """The parsers and namespaces of one module."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parent: dict[int, ast.AST] = {}
        self.param_of: dict[int, ast.AST] = {}  # id(ast.arg) -> its function
        self.scope_of: dict[int, Scope] = {}  # id(node) -> the scope a node is evaluated in
        self.sources: dict[Binding, list[Source]] = {}
        self.imports: dict[str, str] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # module-level defs
        self.module = Scope(tree, None)
        self._walk(tree, self.module)
        self.kinds: dict[Binding, str | None] = {}
        self.returns: dict[str, str | None] = {}
        for _ in range(6):  # parameters and returns carry kinds between functions: a few rounds reach a fixpoint
            before = (dict(self.kinds), dict(self.returns))
            self.kinds = {b: self._kind_of_binding(b) for b in self.sources}
            self.returns = {name: self._return_kind(fn) for name, fn in self.functions.items()}
            if (self.kinds, self.returns) == before:
                break

    # -- the walk: scopes, parents, what each name is given ---------------------------------

    def _walk(self, node: ast.AST, scope: Scope) -> None:
        for child in ast.iter_child_nodes(node):
            self.parent[id(child)] = node
            inner = scope
            if isinstance(child, (*FUNCTIONS, ast.ClassDef)):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    self._bind(scope, child.name, (OTHER, child))
                    if scope is self.module and not isinstance(child, ast.ClassDef):
                        self.functions[child.name] = child
                for d in getattr(child, "decorator_list", ()):
                    self.parent[id(d)] = child
                inner = Scope(child, scope)
                if isinstance(child, FUNCTIONS):
                    self._parameters(child, inner)
            self.scope_of[id(child)] = inner if isinstance(child, (*FUNCTIONS, ast.ClassDef)) else scope
            self._record(child, scope, inner)
            self._walk(child, inner)

    def _parameters(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope) -> None:
        args = fn.args
        for i, a in enumerate([*args.posonlyargs, *args.args]):
            self._bind(scope, a.arg, ("param", a) if not isinstance(fn, ast.Lambda) else (OTHER, a))
            self.param_of[id(a)] = fn
            a.position = i  # type: ignore[attr-defined]
        for a in [*args.kwonlyargs, *(x for x in (args.vararg, args.kwarg) if x is not None)]:
            self._bind(scope, a.arg, ("param", a) if a in args.kwonlyargs else (OTHER, a))
            self.param_of[id(a)] = fn
            a.position = -1  # type: ignore[attr-defined]

    def _record(self, node: ast.AST, scope: Scope, inner: Scope) -> None:
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            scope.declared_global.update(node.names) if isinstance(node, ast.Global) else None
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._target(target, node.value, scope)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name):
            value = node.value if not isinstance(node, ast.AugAssign) and node.value is not None else None
            self._bind(scope, node.target.id, value if value is not None else (OTHER, node))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.AsyncWith, ast.ExceptHandler)):
            for name in stored_names(node):
                self._bind(scope, name, (OTHER, node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                if isinstance(node, ast.Import):
                    head = a.name.split(".")[0]
                    bound, imported = a.asname or head, a.name if a.asname else head
                elif node.module and not node.level:
                    bound, imported = a.asname or a.name, f"{node.module}.{a.name}"
                else:
                    continue
                if scope is self.module or bound not in self.imports:
                    self.imports[bound] = imported
                self._bind(scope, bound, ("import", node))

    def _target(self, target: ast.expr, value: ast.expr | None, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            self._bind(scope, target.id, value if value is not None else (OTHER, target))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Name):
                    self._bind(scope, element.id, ("item", value, i) if value is not None else (OTHER, element))
                else:
                    self._target(element, None, scope)
        elif isinstance(target, ast.Starred):
            self._target(target.value, None, scope)

    def _bind(self, scope: Scope, name: str, source: Source) -> None:
        """``name`` is given ``source`` in ``scope`` (in the module's, where the scope declares it ``global``)."""
        scope = self.module if name in scope.declared_global else scope
        scope.local.add(name)
        self.sources.setdefault((id(scope.node), name), []).append(source)

    # -- kinds ------------------------------------------------------------------------------

    def binding(self, name: str, scope: Scope) -> Binding:
        return (id(scope.owner(name).node), name)

    def kind(self, expr: ast.expr | None, scope: Scope) -> str | None:
        """``parser``, ``subparsers``, ``namespace``, ``pair`` (what ``parse_known_args`` returns), ``items:K,K``
        (a tuple that holds one: ``return args, worker``) or None."""
        if isinstance(expr, ast.Name):
            return self.kinds.get(self.binding(expr.id, scope))
        if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, int):
            return item(self.kind(expr.value, scope), expr.slice.value)
        if isinstance(expr, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in expr.elts):
            kinds = [self.kind(e, scope) for e in expr.elts]
            return "items:" + ",".join(k or "-" for k in kinds) if any(kinds) else None
        if not isinstance(expr, ast.Call):
            return None
        func = expr.func
        if isinstance(func, ast.Attribute):
            receiver = self.kind(func.value, scope)
            if receiver == "parser":
                return (
                    "parser" if func.attr in GROUPS else "subparsers" if func.attr == "add_subparsers" else PARSES.get(func.attr)
                )
            if receiver == "subparsers" and func.attr == "add_parser":
                return "parser"
        if self.qualified(func, scope) in PARSER_CLASSES:
            return "parser"
        if isinstance(func, ast.Name) and self._module_function(func.id, scope):
            return self.returns.get(func.id)
        return None

    def qualified(self, func: ast.expr, scope: Scope) -> str:
        parts = dotted(func)
        if not parts or parts[0] not in self.imports:
            return ""
        sources = self.sources.get(self.binding(parts[0], scope), [])
        if not sources or any(not (isinstance(s, tuple) and s[0] == "import") for s in sources):
            return ""  # a name the module (or function) also binds to something else
        return ".".join([self.imports[parts[0]], *parts[1:]])

    def _module_function(self, name: str, scope: Scope) -> bool:
        return name in self.functions and scope.owner(name) is self.module and len(self.sources[(id(self.tree), name)]) == 1

    def _kind_of_binding(self, binding: Binding) -> str | None:
        kinds = {self._source_kind(s, binding) for s in self.sources[binding]}
        if len(kinds) > 1 and "namespace" in kinds:
            return "maybe"  # the namespace at one place, other values at others: its reads cannot follow
        return kinds.pop() if len(kinds) == 1 else None

    def _source_kind(self, source: Source, binding: Binding) -> str | None:
        if not isinstance(source, tuple):
            return self.kind(source, self.scope_of.get(id(source), self.module))
        if source[0] == "item":
            value, i = source[1], source[2]
            return item(self.kind(value, self.scope_of.get(id(value), self.module)), i)
        if source[0] == "param":
            return self._param_kind(source[1])
        return None

    def _param_kind(self, arg: ast.arg) -> str | None:
        fn = self.param_of.get(id(arg))
        annotated = self.qualified(arg.annotation, self.module) if arg.annotation is not None else ""
        if annotated in PARSER_CLASSES:
            return "parser"
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or self.functions.get(fn.name) is not fn:
            return None
        passed = [self._passed(call, arg) for call in self.calls_of(fn.name)]
        kinds = {self.kind(e, self.scope_of.get(id(e), self.module)) if e is not None else None for e in passed}
        return kinds.pop() if len(kinds) == 1 and passed else None

    def _passed(self, call: ast.Call, arg: ast.arg) -> ast.expr | None:
        position = getattr(arg, "position", -1)
        if 0 <= position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
            return call.args[position]
        return next((k.value for k in call.keywords if k.arg == arg.arg), None)

    def calls_of(self, name: str) -> Iterator[ast.Call]:
        """The calls of the module-level function ``name`` in this file."""
        for node in ast.walk(self.tree):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
            if called and self._module_function(name, self.scope_of.get(id(node), self.module)):
                yield node  # type: ignore[misc]

    def callers(self, name: str) -> set[str]:
        """The module-level functions that call ``name`` (and those that call them), in this file."""
        found: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            for call in self.calls_of(current):
                top = self.top_level(call)
                if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.name not in found | {name}:
                    found.add(top.name)
                    todo.append(top.name)
        return found

    def _return_kind(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        values = [r.value for r in returns(fn)]
        kinds = {self.kind(v, self.scope_of.get(id(v), self.module)) if v is not None else None for v in values}
        return kinds.pop() if len(kinds) == 1 and values else None

    def scope(self, node: ast.AST) -> Scope:
        return self.scope_of.get(id(node), self.module)

    def top_level(self, node: ast.AST) -> ast.AST:
        """The module-level statement that holds ``node``."""
        while id(node) in self.parent and self.parent[id(node)] is not self.tree:
            node = self.parent[id(node)]
        return node


def item(kind: str | None, i: int) -> str | None:
    """The kind of item ``i`` of a value of ``kind`` (``parse_known_args()[0]`` is a namespace)."""
    if kind == "pair":
        return "namespace" if i == 0 else None
    parts = kind[len("items:") :].split(",") if kind and kind.startswith("items:") else []
    return parts[i] if 0 <= i < len(parts) and parts[i] != "-" else None
