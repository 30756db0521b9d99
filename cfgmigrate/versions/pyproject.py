"""``pyproject.toml``: PEP 621 ``dependencies`` and ``optional-dependencies``, PEP 735
``dependency-groups``, and Poetry's ``[tool.poetry.*dependencies]`` tables (``^``/``~`` constraints
translated to PEP 440)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from cfgmigrate.versions.model import Pin, Source, canonical
from cfgmigrate.versions.requirement import pin_from_requirement
from cfgmigrate.versions.textlines import key_line, quoted_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def read_toml(path: Path) -> tuple[str, dict[str, Any]] | None:
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def read_pyproject(root: Path, relpath: str, wanted: frozenset[str]) -> list[Pin]:
    loaded = read_toml(root / relpath)
    if loaded is None:
        return []
    text, data = loaded
    return _pep621(text, data, relpath, wanted) + _poetry(text, data, relpath, wanted)


def requirement_strings(data: dict[str, Any]) -> list[str]:
    """Every PEP 508 string of [project] dependencies, optional dependencies and dependency groups."""
    project = data.get("project", {})
    lists = [project.get("dependencies", [])]
    lists += list(project.get("optional-dependencies", {}).values())
    lists += list(data.get("dependency-groups", {}).values())
    return [s for group in lists if isinstance(group, list) for s in group if isinstance(s, str)]


def _pep621(text: str, data: dict[str, Any], relpath: str, wanted: frozenset[str]) -> list[Pin]:
    pins = [pin_from_requirement(s, relpath, quoted_line(text, s), "pyproject", wanted) for s in requirement_strings(data)]
    return [p for p in pins if p]


def _poetry(text: str, data: dict[str, Any], relpath: str, wanted: frozenset[str]) -> list[Pin]:
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [(r"tool\.poetry\.dependencies", poetry.get("dependencies", {}))]
    tables += [(r"tool\.poetry\.dev-dependencies", poetry.get("dev-dependencies", {}))]
    groups = poetry.get("group", {}).items()
    tables += [
        (rf"tool\.poetry\.group\.{re.escape(n)}\.dependencies", g.get("dependencies", {}))
        for n, g in groups
        if isinstance(g, dict)
    ]
    pins = []
    for header, table in tables:
        for name, value in table.items():
            if canonical(name) in wanted:
                line = key_line(text, name, header) or quoted_line(text, name)
                pins += [Pin(canonical(name), spec, relpath, line, Source.DECLARED, "poetry") for spec in _poetry_specs(value)]
    return pins


def _poetry_specs(value: Any) -> list[str]:
    """A Poetry dependency value (string, table or list of tables) -> PEP 440 specifier sets."""
    if isinstance(value, list):
        return [s for item in value for s in _poetry_specs(item)]
    if isinstance(value, dict):
        value = value.get("version")
    if not isinstance(value, str):
        return []  # a path, git or url dependency: no version
    return [poetry_to_pep440(alt) for alt in value.split("||")]


def poetry_to_pep440(constraint: str) -> str:
    """``^1.2.3`` -> ``>=1.2.3,<2.0.0``; ``~1.2`` -> ``>=1.2,<1.3``; ``1.2.3`` -> ``==1.2.3``; ``*`` -> ``""``."""
    clauses = [c for c in re.split(r"[,\s]+", constraint.strip()) if c and c != "*"]
    return ",".join(_poetry_clause(c) for c in clauses)


def _poetry_clause(clause: str) -> str:
    if clause.startswith("^"):
        return _caret(clause[1:])
    if clause.startswith("~") and not clause.startswith("~="):
        return _tilde(clause[1:])
    if clause[0].isdigit():
        return f"=={clause}"
    return clause


def _caret(version: str) -> str:
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")]
    first = next((i for i, p in enumerate(parts) if p), len(parts) - 1)
    upper = parts[:first] + [parts[first] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def _tilde(version: str) -> str:
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")]
    upper = [parts[0] + 1] if len(parts) == 1 else [parts[0], parts[1] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"
