"""Vendored or submodule copies of a library (``.gitmodules`` paths such as ``third_party/Megatron-LM``,
and folders under ``third_party/``, ``vendor/``, ``external/``), read through the copy's own version file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cfgmigrate.versions.model import Pin, Source, canonical
from cfgmigrate.versions.pyproject import read_toml

VENDOR_DIRS = ("third_party", "third-party", "3rdparty", "vendor", "external")
# Version files that a distribution keeps somewhere other than its pyproject.toml.
VERSION_FILES = {
    "megatron-core": ("megatron/core/package_info.py",),
    "transformers": ("src/transformers/__init__.py",),
    "trl": ("trl/__init__.py", "VERSION"),
    "peft": ("src/peft/__init__.py",),
    "accelerate": ("src/accelerate/__init__.py",),
}


def checkout_dirs(root: Path) -> list[str]:
    """Project-relative folders that may hold a copy of a library: submodule paths, then vendor folders."""
    found = _gitmodule_paths(root)
    for vendor in VENDOR_DIRS:
        if (root / vendor).is_dir():
            found += [p.relative_to(root).as_posix() for p in sorted((root / vendor).iterdir()) if p.is_dir()]
    return list(dict.fromkeys(found))


def _gitmodule_paths(root: Path) -> list[str]:
    try:
        text = (root / ".gitmodules").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [m.group(1).strip().strip("/") for m in re.finditer(r"^\s*path\s*=\s*(.+)$", text, re.MULTILINE)]


def read_checkout(root: Path, folder: str, wanted: frozenset[str]) -> list[Pin]:
    """The version of each wanted distribution that ``folder`` is a copy of, from its version file."""
    pins = []
    for name in sorted(wanted):
        for rel in (*VERSION_FILES.get(name, ()), "pyproject.toml"):
            found = _version_in(root / folder / rel, name)
            if found:
                version, line = found
                pins.append(Pin(name, f"=={version}", f"{folder}/{rel}", line, Source.CHECKOUT, "checkout", text=folder))
                break
    return pins


def _version_in(path: Path, name: str) -> tuple[str, int] | None:
    if path.name == "pyproject.toml":
        return _pyproject_version(path, name)
    if path.name == "VERSION":
        return _plain_version(path)
    return _python_version(path)


def _pyproject_version(path: Path, name: str) -> tuple[str, int] | None:
    loaded = read_toml(path) if path.is_file() else None
    project = loaded[1].get("project", {}) if loaded else {}
    if canonical(str(project.get("name", ""))) != name or not isinstance(project.get("version"), str):
        return None
    assert loaded is not None
    line = next((i for i, t in enumerate(loaded[0].splitlines(), 1) if re.match(r"\s*version\s*=", t)), 0)
    return project["version"], line


def _plain_version(path: Path) -> tuple[str, int] | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return (text, 1) if text else None


def _python_version(path: Path) -> tuple[str, int] | None:
    """``__version__ = "x"``, or Megatron's ``MAJOR/MINOR/PATCH/PRE_RELEASE`` constants."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    consts = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        if isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, (str, int)):
            consts[stmt.targets[0].id] = (stmt.value.value, stmt.lineno)
    if isinstance(consts.get("__version__", (None,))[0], str):
        value, line = consts["__version__"]
        return str(value), line
    if all(k in consts for k in ("MAJOR", "MINOR", "PATCH")):
        version = ".".join(str(consts[k][0]) for k in ("MAJOR", "MINOR", "PATCH")) + str(consts.get("PRE_RELEASE", ("",))[0])
        return version, consts["MINOR"][1]
    return None
