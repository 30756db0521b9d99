"""Where a module's source is, found as Python's path finder would (packages, namespace packages,
``src/`` layouts, relative imports) but without importing anything."""

from __future__ import annotations

import sys
from pathlib import Path


def search_path(root: Path, extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The project root, its ``src/`` folder, the folders given, then the interpreter's own path
    (installed packages)."""
    found = [root, root / "src", *extra, *(Path(p) for p in sys.path if p)]
    return tuple(dict.fromkeys(p.resolve() for p in found if p.is_dir()))


def module_file(dotted: str, paths: tuple[Path, ...]) -> Path | None:
    """The ``.py`` file of module ``a.b.c``: ``a/b/c.py`` or ``a/b/c/__init__.py`` under the first
    folder of ``paths`` that has it."""
    parts = dotted.split(".")
    for base in paths:
        found = _in_folder(base, parts)
        if found is not None:
            return found
    return None


def relative_module_file(importer: Path, level: int, dotted: str | None) -> Path | None:
    """The file ``from ..pkg import x`` (``level`` dots) names, seen from ``importer``."""
    base = importer.parent
    for _ in range(level - 1):
        base = base.parent
    return _in_folder(base, dotted.split(".")) if dotted else _package_init(base)


def _in_folder(base: Path, parts: list[str]) -> Path | None:
    folder = base.joinpath(*parts[:-1])
    module = folder / f"{parts[-1]}.py"
    if module.is_file():
        return module
    return _package_init(folder / parts[-1])


def _package_init(folder: Path) -> Path | None:
    init = folder / "__init__.py"
    return init if init.is_file() else None


def submodule_file(package_file: Path, name: str) -> Path | None:
    """``from pkg import mod`` where ``mod`` is a module of the package ``pkg``."""
    if package_file.name != "__init__.py":
        return None
    return _in_folder(package_file.parent, [name])
