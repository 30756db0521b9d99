"""Schema binding: which class holds a setting, and what the engine knows of each bound class.

``schema: {data: pkg/data_configs.py::DataConfig}`` binds the section ``data``; the rule path
``data.dataset_name`` then names the field ``dataset_name`` of ``DataConfig``. The root binds with
``""``; a list of classes there means "whichever class declares the key".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cfgmigrate.engines.base import ProjectFiles
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Remove, Rule, RulePack

NO_ROOT = "/nonexistent-cfgmigrate-root"  # for a reader without a root: nothing found on disk

if TYPE_CHECKING:
    from cfgmigrate.classes import ClassReader, Field


@dataclass(frozen=True)
class ClassInfo:
    """A bound class, read statically (never imported) by :class:`cfgmigrate.classes.ClassReader`:
    its fields include those its bases declare, in other files of the project or installed."""

    ref: str  # "pkg/data_configs.py::DataConfig"
    relpath: str  # relative to the project root; absolute for a class outside it (installed)
    module: str  # "pkg.data_configs"
    name: str
    fields: tuple[str, ...] = ()
    found: bool = False
    declared: tuple[tuple[str, str, str], ...] = ()  # (field, file, class) where each field is declared

    def matches_qualified(self, qualified: str) -> bool:
        """Whether a call's qualified name denotes this class (imported, or in its own module)."""
        return qualified in (self.name, f"{self.module}.{self.name}") or qualified.endswith(
            f".{self.module.split('.')[-1]}.{self.name}"
        )

    def declarer(self, field: str) -> ClassInfo:
        """The class whose body declares ``field``: this one, or the base it inherits it from."""
        for name, path, owner in self.declared:
            if name == field and (path, owner) != (self.relpath, self.name):
                return ClassInfo(f"{path}::{owner}", path, module_of(path), owner, found=True)
        return self


@dataclass(frozen=True)
class Binding:
    """A rule bound to a class field; ``owner`` is the class that declares the field (``cls`` or one
    of its bases)."""

    cls: ClassInfo
    field: str

    @property
    def owner(self) -> ClassInfo:
        return self.cls.declarer(self.field)

    @property
    def classes(self) -> tuple[ClassInfo, ...]:
        """The classes whose constructors take the field: the bound one and the declaring base."""
        return (self.cls,) if self.owner == self.cls else (self.cls, self.owner)


@dataclass(frozen=True)
class Index:
    """What prepare() learns once per run: every bound class and its fields, and where the fields a
    pack removes are still referenced (a removal is refused while they are)."""

    classes: tuple[tuple[str, tuple[ClassInfo, ...]], ...]  # (prefix, classes)
    references: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, ("file.py:LINE", ...))
    programs: Mapping[tuple[str, str, str], tuple[str, frozenset[str]]] = field(default_factory=dict)  # argv.py's
    factories: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # factories.py: function -> its parsers
    callers: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)  # callers.py: rule id -> verdicts

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


def build_index(read: ProjectFiles | Callable[[str], str | None], pack: RulePack, relpaths: tuple[str, ...] = ()) -> Index:
    """The bound classes (read by the shared class reader, bases followed into other files) and the
    references a removal must respect, from files the caller reads (``read.root`` locates imports;
    a plain callable has no root: only the files it gives are read, and no import is followed)."""
    entries = []
    if pack.schema:
        from cfgmigrate.classes import ClassReader

        reader = ClassReader(Path(getattr(read, "root", "") or NO_ROOT), source=read)
        entries = [(prefix, tuple(read_class(reader, ref) for ref in refs)) for prefix, refs in pack.schema]
    index = Index(tuple(entries))
    removed = sorted({b.field for r in pack.rules if isinstance(r, Remove) and (b := bind(r, index)) is not None})
    if not removed:
        return index
    return Index(index.classes, tuple((f, tuple(_references(read, relpaths, f))) for f in removed))


def _references(read: Callable[[str], str | None], relpaths: tuple[str, ...], field: str) -> list[str]:
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


def read_class(reader: ClassReader, ref: str) -> ClassInfo:
    relpath, name = ref.split("::")
    info = ClassInfo(ref, relpath, module_of(relpath), name)
    cls = reader.read(relpath, name)
    if cls is None:
        return info
    fields = cls.fields if cls.kind != "class" else _annotated(reader, relpath, name)  # a plain class: its annotations
    declared = tuple((f.name, f.path, f.owner) for f in fields.values())
    return ClassInfo(ref, relpath, info.module, name, tuple(fields), True, declared)


def _annotated(reader: ClassReader, relpath: str, name: str) -> dict[str, Field]:
    from cfgmigrate.classes.fields import own_fields

    module = reader.module(reader.root / relpath)
    node = module.classes.get(name) if module else None
    return {f.name: f for f in own_fields(node, relpath, False)} if node else {}


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
