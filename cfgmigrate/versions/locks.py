"""Lock files: ``uv.lock`` and ``poetry.lock`` (``[[package]]`` tables with an exact ``version``)."""

from __future__ import annotations

import re
from pathlib import Path

from cfgmigrate.versions.model import Pin, Source, canonical
from cfgmigrate.versions.pyproject import read_toml
from cfgmigrate.versions.textlines import name_pattern

LOCK_FILES = ("uv.lock", "poetry.lock")


def read_lock(root: Path, relpath: str, wanted: frozenset[str]) -> list[Pin]:
    loaded = read_toml(root / relpath)
    if loaded is None:
        return []
    text, data = loaded
    pins = []
    for package in data.get("package", []):
        name, version = canonical(str(package.get("name", ""))), package.get("version")
        if name in wanted and isinstance(version, str):
            line = _package_line(text, name)
            pins.append(Pin(name, f"=={version}", relpath, line, Source.LOCK, Path(relpath).name, text=version))
    return pins


def _package_line(text: str, name: str) -> int:
    found = re.search(rf"^name\s*=\s*\"{name_pattern(name)}\"", text, re.MULTILINE | re.IGNORECASE)
    return text.count("\n", 0, found.start()) + 1 if found else 0
