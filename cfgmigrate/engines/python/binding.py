"""Schema binding: which class holds a setting, and what the engine knows of each bound class.

``schema: {data: pkg/data_configs.py::DataConfig}`` binds the section ``data``; the rule path
``data.dataset_name`` then names the field ``dataset_name`` of ``DataConfig``. The root binds with
``""``; a list of classes there means "whichever class declares the key".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Remove, Rule, RulePack

Read = Callable[[str], "str | None"]  # relpath -> text, or None when it cannot be read

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class ClassInfo:
    """A bound class, read statically (never imported)."""

    ref: str  # "pkg/data_configs.py::DataConfig"
    relpath: str
    module: str  # "pkg.data_configs"
    name: str
    fields: tuple[str, ...] = ()
    found: bool = False

    def matches_qualified(self, qualified: str) -> bool:
        """Whether a call's qualified name denotes this class (imported, or in its own module)."""
        return qualified in (self.name, f"{self.module}.{self.name}") or qualified.endswith(
            f".{self.module.split('.')[-1]}.{self.name}"
        )


@dataclass(frozen=True)
class Binding:
    """A rule bound to a class field."""

    cls: ClassInfo
    field: str


@dataclass(frozen=True)
class Index:
    """What prepare() learns once per run: every bound class and its fields, and where the fields a
    pack removes are still referenced (a removal is refused while they are)."""

    classes: tuple[tuple[str, tuple[ClassInfo, ...]], ...]  # (prefix, classes)
    references: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, ("file.py:LINE", ...))
    programs: Mapping[tuple[str, str, str], tuple[str, frozenset[str]]] = field(default_factory=dict)  # argv.py's

    def references_to(self, field: str) -> tuple[str, ...]:
        return dict(self.references).get(field, ())


def module_of(relpath: str) -> str:
    parts = relpath[:-3].split("/") if relpath.endswith(".py") else relpath.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def binds(path: KeyPath | None, pack: RulePack) -> bool:
    """Whether a key path names a field of a class that the pack's ``schema:`` binds (no file read)."""
    if path is None or not path.is_literal:
        return False
    for prefix, _ in pack.schema:
        parts = tuple(prefix.split(".")) if prefix else ()
        if len(path.segments) == len(parts) + 1 and path.segments[: len(parts)] == parts:
            return True
    return False


def build_index(read: Read, pack: RulePack, relpaths: tuple[str, ...] = ()) -> Index:
    """The bound classes and the references a removal must respect, from files the caller reads."""
    entries = []
    for prefix, refs in pack.schema:
        entries.append((prefix, tuple(read_class(read, ref) for ref in refs)))
    index = Index(tuple(entries))
    removed = sorted({b.field for r in pack.rules if isinstance(r, Remove) and (b := bind(r, index)) is not None})
    if not removed:
        return index
    return Index(index.classes, tuple((f, tuple(_references(read, relpaths, f))) for f in removed))


def _references(read: Read, relpaths: tuple[str, ...], field: str) -> list[str]:
    """Places that read or pass ``field`` by name: string keys, attributes, keywords."""
    pattern = re.compile(rf"""(["']{re.escape(field)}["']|\.{re.escape(field)}\b|\b{re.escape(field)}\s*=(?!=))""")
    out = []
    for rel in relpaths:
        text = read(rel)
        if text is None or field not in text:
            continue
        for no, line in enumerate(text.splitlines(), 1):
            if pattern.search(line) and not re.match(rf"\s*{re.escape(field)}\s*:", line):
                out.append(f"{rel}:{no}")
    return out


def read_class(read: Read, ref: str) -> ClassInfo:
    relpath, name = ref.split("::")
    import libcst as cst  # only when a pack binds classes

    info = ClassInfo(ref, relpath, module_of(relpath), name)
    text = read(relpath)
    if text is None:
        return info
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return info
    for stmt in module.body:
        if isinstance(stmt, cst.ClassDef) and stmt.name.value == name:
            return ClassInfo(ref, relpath, info.module, name, tuple(field_names(stmt)), True)
    return info


def field_names(cls: cst.ClassDef) -> list[str]:
    import libcst as cst

    out = []
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    out.append(small.target.value)
    return out


def bind(rule: Rule, index: Index | None) -> Binding | None:
    """The class field a (non-call) rule names, or None when its path is not under a bound prefix."""
    if index is None or rule.calls or not rule.path.is_literal:
        return None
    segments = rule.path.segments
    for prefix, classes in sorted(index.classes, key=lambda pc: -len(pc[0])):
        parts = tuple(prefix.split(".")) if prefix else ()
        if len(segments) == len(parts) + 1 and segments[: len(parts)] == parts:
            return _pick(classes, segments[-1], rule)
    return None


def _pick(classes: tuple[ClassInfo, ...], field: str, rule: Rule) -> Binding | None:
    declaring = [c for c in classes if field in c.fields]
    if declaring:
        return Binding(declaring[0], field)
    destination = rule.destination()
    target = destination.last if destination is not None else None
    renamed = [c for c in classes if target is not None and target in c.fields]
    chosen = renamed or list(classes)
    return Binding(chosen[0], field) if chosen else None
