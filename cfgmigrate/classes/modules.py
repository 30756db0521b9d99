"""Modules parsed once, and the names they bind: classes they define and names they import."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from cfgmigrate.classes.locate import module_file, relative_module_file


@dataclass(frozen=True)
class Imported:
    """``from <module> import <name> as alias`` (name None: ``import <module> as alias``)."""

    module: str | None
    name: str | None
    level: int = 0


@dataclass
class Module:
    path: Path
    tree: ast.Module
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)  # top-level classes
    imports: dict[str, Imported] = field(default_factory=dict)
    star: list[Imported] = field(default_factory=list)


def parse_module(path: Path, text: str | None = None) -> Module:
    """The file parsed (``text``: its contents, when the caller has read them). Raises OSError,
    UnicodeDecodeError, SyntaxError, ValueError when the file cannot be read."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    module = Module(path, tree)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
    for inner in ast.walk(tree):  # imports inside try/if blocks bind names too
        if isinstance(inner, ast.ImportFrom):
            for alias in inner.names:
                entry = Imported(inner.module, alias.name, inner.level)
                if alias.name == "*":
                    module.star.append(entry)
                else:
                    module.imports.setdefault(alias.asname or alias.name, entry)
        elif isinstance(inner, ast.Import):
            for alias in inner.names:
                bound = alias.asname or alias.name.split(".")[0]
                module.imports.setdefault(bound, Imported(alias.name if alias.asname else bound, None))
                if not alias.asname:  # ``import a.b`` binds ``a`` and makes ``a.b`` reachable
                    module.imports.setdefault(alias.name, Imported(alias.name, None))
    return module


def imported_file(importer: Path, entry: Imported, paths: tuple[Path, ...]) -> Path | None:
    """The file of the module an import names (the module itself, not the imported name)."""
    if entry.level:
        return relative_module_file(importer, entry.level, entry.module)
    return module_file(entry.module, paths) if entry.module else None


def name_as_module(importer: Path, entry: Imported, paths: tuple[Path, ...]) -> Path | None:
    """``from pkg import mod``: the file of ``mod`` when the imported name is a module (``pkg`` may be
    a namespace package, without ``__init__.py``); for ``import mod``, the module's file."""
    if entry.name is None:
        return imported_file(importer, entry, paths)
    dotted = f"{entry.module}.{entry.name}" if entry.module else entry.name
    if entry.level:
        return relative_module_file(importer, entry.level, dotted)
    return module_file(dotted, paths)
