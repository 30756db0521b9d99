"""How the code assembles config objects from config sections, followed across functions: a
function's parameters are bound to the sections (or keys) its callers pass, until nothing changes;
then every constructor call of a config class says which key fills which field. A section can feed
several classes, and a class can be filled from several sections."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.audit.sources import Call, Facts, Fill, Key, Mapping, Source, facts_of
from cfgmigrate.classes import ClassReader, ConfigClass

ROUNDS = 8  # call chains followed this deep
Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Demand:
    """Field ``field`` of ``cls`` is filled from key ``key`` of section ``section``."""

    section: str
    key: str
    cls: ConfigClass
    field: str  # "" for a splat (every key of the section)
    required: bool
    default: Any
    where: str  # file:line of the read (or of the constructor call)
    call: str  # file:line of the constructor call
    guards: tuple[tuple[str, Any, bool, Any], ...] = ()  # (dotted key, value, ==, default when absent)
    conditional: bool = False
    wrap: str = ""


@dataclass
class Assembly:
    demands: list[Demand] = field(default_factory=list)
    reads: dict[str, set[str]] = field(default_factory=dict)  # section -> keys the code reads or tests
    computed: dict[str, set[str]] = field(default_factory=dict)  # class ref -> fields the code fills itself
    calls: list[tuple[ConfigClass, Fill, str]] = field(default_factory=list)  # every constructor call, with file
    converted: list[tuple[Key, str]] = field(default_factory=list)  # (absolute key, file) read through a call: Enum(d["k"])


@dataclass
class _Function:
    file: str
    facts: Facts
    bindings: dict[str, set[Any]] = field(default_factory=dict)  # param -> {absolute Key or bound Mapping}


def assemble(reader: ClassReader, trees: dict[str, ast.Module]) -> Assembly:
    functions = [_Function(rel, facts_of(node)) for rel, tree in trees.items() for node in _functions(tree)]
    by_name: dict[str, list[_Function]] = {}
    for f in functions:
        by_name.setdefault(f.facts.name, []).append(f)
    for _ in range(ROUNDS):
        if not any([_propagate(f, by_name) for f in functions]):  # every function, each round
            break
    out = Assembly()
    for f in functions:
        _collect(reader, f, out)
    return out


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Module]:
    return [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]


def resolve(source: Source, bindings: dict[str, set[Any]]) -> list[Any]:
    """The absolute keys (base "") or bound mappings a source stands for, given the bindings."""
    if source is None:
        return []
    if isinstance(source, Mapping):
        return [Mapping(tuple((k, _one(v, bindings)) for k, v in source.items))]
    if source.base == "":
        return [source]
    out = []
    for bound in bindings.get(source.base, ()):
        if isinstance(bound, Key):
            required, default = (source.required, source.default) if source.path else (bound.required, bound.default)
            out.append(Key("", bound.path + source.path, required, default, source.line or bound.line, source.wrap or bound.wrap))
        elif isinstance(bound, Mapping) and source.path:
            inner = dict(bound.items).get(source.path[0])
            if isinstance(inner, Key):
                out.append(Key("", inner.path + source.path[1:], inner.required, inner.default, inner.line, inner.wrap))
    return out


def _one(source: Source, bindings: dict[str, set[Any]]) -> Key | None:
    found = [k for k in resolve(source, bindings) if isinstance(k, Key)]
    return found[0] if len(found) == 1 else None


def _propagate(caller: _Function, by_name: dict[str, list[_Function]]) -> bool:
    changed = False
    for call in caller.facts.calls:
        for callee in by_name.get(call.name, []):
            for param, source in _arguments(call, callee.facts.params):
                new = set(resolve(source, caller.bindings)) - callee.bindings.get(param, set())
                if new:
                    callee.bindings.setdefault(param, set()).update(new)
                    changed = True
    return changed


def _arguments(call: Call, params: list[str]) -> list[tuple[str, Source]]:
    out = list(zip(params, call.positional, strict=False))
    return out + [(name, source) for name, source in call.keywords if name in params]


def _collect(reader: ClassReader, f: _Function, out: Assembly) -> None:
    for read in f.facts.reads:
        for key in resolve(read, f.bindings):
            if isinstance(key, Key) and key.path:
                out.reads.setdefault(".".join(key.path[:-1]), set()).add(key.path[-1])
                if key.wrap:
                    out.converted.append((key, f.file))
    for fill in f.facts.fills:
        cls = reader.class_named(f.file, fill.func)
        if cls is None or cls.kind == "class":
            continue
        out.calls.append((cls, fill, f.file))
        _fill_demands(cls, fill, f, out)


def _fill_demands(cls: ConfigClass, fill: Fill, f: _Function, out: Assembly) -> None:
    call = f"{f.file}:{fill.line}"
    guards = tuple(
        (".".join(k.path), value, eq, k.default)
        for key, value, eq in fill.guards
        for k in resolve(key, f.bindings)
        if isinstance(k, Key)
    )
    fields = [name for name, fl in cls.fields.items() if fl.init]
    named = list(zip(fields, fill.positional, strict=False)) + fill.keywords
    for name, source in named:
        keys = [k for k in resolve(source, f.bindings) if isinstance(k, Key) and k.path]
        if not keys:
            out.computed.setdefault(cls.ref, set()).add(name)
        for key in keys:
            where = f"{f.file}:{key.line or fill.line}"
            out.demands.append(
                Demand(
                    ".".join(key.path[:-1]),
                    key.path[-1],
                    cls,
                    name,
                    key.required,
                    key.default,
                    where,
                    call,
                    guards,
                    fill.conditional,
                    key.wrap,
                )
            )
    for splat in fill.splats:
        for key in resolve(splat, f.bindings):
            if isinstance(key, Key):
                out.demands.append(Demand(".".join(key.path), "", cls, "", True, None, call, call, guards, fill.conditional))
