"""Where a value in a function comes from: a key of a config mapping (a parameter of the function,
or the document the function loaded), a dict literal of such keys, or the code itself. One pass
over a function gives its constructor calls (what fills each field), its calls to other functions
(what each argument carries) and the conditions they sit under."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

LOADERS = re.compile(r"(^|_)(load|read|safe_load|from_yaml|from_file|to_container)(_|$)", re.I)
ROOT_NAMES = {"cfg", "config", "conf", "config_dict", "cfg_dict", "raw_config", "yaml_config", "yaml_dict"}


@dataclass(frozen=True)
class Key:
    """``base[path[0]]...[path[-1]]``: base is a parameter name or "" for the loaded document."""

    base: str
    path: tuple[str, ...]
    required: bool = False  # a subscript (KeyError when absent), not .get or a guarded read
    default: Any = field(default=None, compare=False)
    line: int = 0
    wrap: str = ""  # a call around the read: ``enums.Architecture(d["architecture"])``


@dataclass(frozen=True)
class Mapping:
    """A dict literal: key -> where its value comes from (None: computed by the code)."""

    items: tuple[tuple[str, Key | None], ...]


Source = Key | Mapping | None
Guard = tuple[Key, Any, bool]  # (key read, value, whether the branch is the ``==`` side)


@dataclass
class Fill:
    """A constructor call of a class: what fills each field, under which conditions."""

    func: ast.expr
    line: int
    keywords: list[tuple[str, Source]] = field(default_factory=list)
    positional: list[Source] = field(default_factory=list)
    splats: list[Key] = field(default_factory=list)  # Class(**section): every key of the section
    opaque: bool = False  # a ``**x`` of unknown content
    guards: tuple[Guard, ...] = ()
    conditional: bool = False  # under a condition cfgmigrate cannot read


@dataclass
class Call:
    """A call of another function: ``self.parser.parse_data(cfg["data"])``."""

    name: str
    line: int
    positional: list[Source] = field(default_factory=list)
    keywords: list[tuple[str, Source]] = field(default_factory=list)
    guards: tuple[Guard, ...] = ()
    conditional: bool = False


@dataclass
class Facts:
    """What one function does with configs."""

    name: str
    params: list[str]
    fills: list[Fill] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    reads: list[Key] = field(default_factory=list)  # every key read or tested (``"k" in d``)


def facts_of(func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Module) -> Facts:
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs if not isinstance(func, ast.Module) else []
    params = [a.arg for a in args if a.arg not in ("self", "cls")]
    facts = Facts(getattr(func, "name", "<module>"), params)
    env: dict[str, Source] = {p: Key("", ()) if p in ROOT_NAMES else Key(p, ()) for p in params}
    walker = _Walker(facts, env)
    walker.block(func.body, (), False, frozenset())
    return facts


class _Walker:
    def __init__(self, facts: Facts, env: dict[str, Source]) -> None:
        self.facts, self.env = facts, env

    def block(
        self, body: list[ast.stmt], guards: tuple[Guard, ...], conditional: bool, present: frozenset[tuple[str, tuple[str, ...]]]
    ) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(stmt, ast.If):
                self.branch(stmt, guards, conditional, present)
                continue
            for child in _shallow_expressions(stmt):
                self.expression(child, guards, conditional, present)
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                self.env[stmt.targets[0].id] = self.source(stmt.value, present)
            for inner in _inner_blocks(stmt):
                self.block(inner, guards, conditional, present)

    def branch(
        self, stmt: ast.If, guards: tuple[Guard, ...], conditional: bool, present: frozenset[tuple[str, tuple[str, ...]]]
    ) -> None:
        self.expression(stmt.test, guards, conditional, present)
        test = stmt.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)):
            key = self.source(test.comparators[0], present)
            name = test.left.value if isinstance(test.left, ast.Constant) and isinstance(test.left.value, str) else None
            if isinstance(key, Key) and name:
                tested = (key.base, key.path + (name,))
                inside, outside = (
                    (present | {tested}, present) if isinstance(test.ops[0], ast.In) else (present, present | {tested})
                )
                self.block(stmt.body, guards, conditional, inside)
                self.block(stmt.orelse, guards, conditional, outside)
                return
        guard = self.guard(test, present)
        if guard is None:
            self.block(stmt.body, guards, True, present)
            self.block(stmt.orelse, guards, True, present)
            return
        self.block(stmt.body, guards + (guard,), conditional, present)
        self.block(stmt.orelse, guards + ((guard[0], guard[1], not guard[2]),), conditional, present)

    def guard(self, test: ast.expr, present: frozenset[tuple[str, tuple[str, ...]]]) -> Guard | None:
        """``x == "grouped_query"`` where x is a key read: the branch runs for configs with that value."""
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.NotEq))):
            return None
        left, right = self.source(test.left, present), test.comparators[0]
        if isinstance(left, Key) and left.path and isinstance(right, ast.Constant):
            return left, right.value, isinstance(test.ops[0], ast.Eq)
        return None

    def expression(
        self, node: ast.AST, guards: tuple[Guard, ...], conditional: bool, present: frozenset[tuple[str, tuple[str, ...]]]
    ) -> None:
        for inner in ast.walk(node):
            key = self.source(inner, present) if isinstance(inner, (ast.Subscript, ast.Call)) else None
            if isinstance(key, Key) and key.path:
                self.facts.reads.append(key)
            if isinstance(inner, ast.Compare) and isinstance(inner.left, ast.Constant) and isinstance(inner.left.value, str):
                container = self.source(inner.comparators[0], present)
                if isinstance(container, Key) and any(isinstance(op, (ast.In, ast.NotIn)) for op in inner.ops):
                    self.facts.reads.append(Key(container.base, container.path + (inner.left.value,), line=inner.lineno))
            if isinstance(inner, ast.Call):
                self.call(inner, guards, conditional, present)

    def call(
        self, node: ast.Call, guards: tuple[Guard, ...], conditional: bool, present: frozenset[tuple[str, tuple[str, ...]]]
    ) -> None:
        keywords = [(kw.arg, self.source(kw.value, present)) for kw in node.keywords if kw.arg]
        positional = [self.source(a, present) for a in node.args if not isinstance(a, ast.Starred)]
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id if isinstance(node.func, ast.Name) else ""
        if name[:1].isupper():
            fill = Fill(node.func, node.lineno, keywords, positional, guards=guards, conditional=conditional)
            for kw in node.keywords:
                if kw.arg is None:
                    self.splat(fill, self.source(kw.value, present))
            self.facts.fills.append(fill)
        elif name and (any(s is not None for s in positional) or any(s is not None for _, s in keywords)):
            self.facts.calls.append(Call(name, node.lineno, positional, keywords, guards, conditional))

    def splat(self, fill: Fill, source: Source) -> None:
        if isinstance(source, Mapping):
            fill.keywords += list(source.items)
        elif isinstance(source, Key):
            fill.splats.append(source)
        else:
            fill.opaque = True

    def source(self, node: ast.AST, present: frozenset[tuple[str, tuple[str, ...]]] = frozenset()) -> Source:
        """Where the value of an expression comes from."""
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.Dict):
            items = [
                (k.value, self.source(v, present))
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
            return Mapping(tuple((k, v if isinstance(v, Key) else None) for k, v in items))
        if isinstance(node, ast.Call) and _is_loader(node):
            return Key("", ())
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords and _converter(node.func):
            inner = self.source(node.args[0], present)  # Enum(d["k"]), int(d["k"]): the value, converted
            if isinstance(inner, Key) and inner.path:
                return Key(inner.base, inner.path, inner.required, inner.default, inner.line, ast.unparse(node.func))
            return None
        return self._key(node, present)

    def _key(self, node: ast.AST, present: frozenset[tuple[str, tuple[str, ...]]]) -> Key | None:
        subscript = isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
        get = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args
        if not (subscript or get):
            return None
        owner = node.value if isinstance(node, ast.Subscript) else node.func.value  # type: ignore[attr-defined]
        name = node.slice.value if isinstance(node, ast.Subscript) else _constant(node.args[0])  # type: ignore[attr-defined]
        base = self.source(owner, present)
        if not isinstance(base, Key) or not isinstance(name, str):
            if isinstance(base, Mapping) and isinstance(name, str):
                return dict(base.items).get(name)
            return None
        path = base.path + (name,)
        args = node.args if isinstance(node, ast.Call) else []
        default = _constant(args[1]) if len(args) > 1 else None
        required = bool(subscript) and (base.base, path) not in present
        return Key(base.base, path, required, default, getattr(node, "lineno", 0))


def _converter(func: ast.expr) -> bool:
    """A class or a builtin conversion (``enums.Architecture``, ``float``), not a parse function."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("int", "float", "str", "bool") or name[:1].isupper()


def _is_loader(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id if isinstance(node.func, ast.Name) else ""
    return bool(LOADERS.search(name))


def _constant(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _shallow_expressions(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The expressions of a statement, not those of the blocks nested in it."""
    for name, value in ast.iter_fields(stmt):
        if name in ("body", "orelse", "finalbody", "handlers"):
            continue
        if isinstance(value, ast.AST):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, ast.AST))


def _inner_blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block
    for handler in getattr(stmt, "handlers", []):
        yield handler.body
