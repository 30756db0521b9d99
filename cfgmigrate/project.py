"""Project configuration: ``[tool.cfgmigrate]`` in pyproject.toml, or the same keys in ``.cfgmigrate.yaml``.

The nearest such file above the first PATH (up to the git work tree's top) is the project's; its
``rules`` are relative to the folder that holds it. Command-line flags add to what it says.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.errors import CfgmigrateError
from cfgmigrate.suggest import did_you_mean
from cfgmigrate.types import Diagnostic

YAML_NAME, PYPROJECT = ".cfgmigrate.yaml", "pyproject.toml"
FORMATS = ("diff", "json", "markdown", "sarif", "github")
KEYS = ("packs", "rules", "exclude", "per-file-ignores", "target", "format")


class ConfigError(CfgmigrateError):
    """A project configuration (``[tool.cfgmigrate]``, ``.cfgmigrate.yaml``) that cannot be used."""


@dataclass(frozen=True)
class ProjectConfig:
    """A project's settings (``[tool.cfgmigrate]`` or ``.cfgmigrate.yaml``), with the file they came from."""

    source: Path  # the file the settings came from
    packs: tuple[str, ...] = ()  # built-in packs by name
    rules: tuple[Path, ...] = ()  # rule files, resolved against the folder of ``source``
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids)
    target: tuple[str, ...] = ()  # versions, as --target takes them
    format: str | None = None


def find(start: Path) -> Path | None:
    """The nearest ``.cfgmigrate.yaml`` or pyproject.toml with ``[tool.cfgmigrate]`` at or above ``start``."""
    here = start.resolve()
    for folder in (here, *here.parents) if here.is_dir() else here.parents:
        if (folder / YAML_NAME).is_file():
            return folder / YAML_NAME
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "[tool.cfgmigrate" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load(path: Path) -> ProjectConfig:
    """Read and check the settings in ``path``; ConfigError names the file, line and key of each problem."""
    text = path.read_text(encoding="utf-8")
    raw = _read_toml(path, text) if path.name == PYPROJECT else _read_yaml(path, text)
    if not isinstance(raw, dict):
        raise ConfigError([Diagnostic(_shown(path), 0, "", "the project configuration must be a mapping of settings")])
    problems = sorted((_problem(path, text, key, message) for key, message in _check(raw)), key=lambda d: d.line)
    if problems:
        raise ConfigError(problems)
    return _build(path, raw)


def _read_toml(path: Path, text: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError([Diagnostic(_shown(path), getattr(e, "lineno", 0), "", f"cannot parse: {e}")]) from None
    return data.get("tool", {}).get("cfgmigrate", {})


def _read_yaml(path: Path, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return YAML(typ="safe").load(text) or {}
    except MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 0
        raise ConfigError([Diagnostic(_shown(path), line, "", f"cannot parse: {e.problem}")]) from None


def _check(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) of every problem in the settings."""
    out = [(str(k), f"unknown key `{k}`{did_you_mean(str(k), KEYS)}") for k in raw if k not in KEYS]
    for key in ("packs", "rules", "exclude", "target"):
        if key in raw and not _strings(raw[key], scalar_ok=key == "target"):
            out.append((key, f"`{key}` must be a list of strings"))
    ignores = raw.get("per-file-ignores", {})
    if not isinstance(ignores, dict) or not all(isinstance(k, str) and _strings(v) for k, v in ignores.items()):
        out.append(("per-file-ignores", "`per-file-ignores` maps a glob to a list of rule ids"))
    if "format" in raw and raw["format"] not in FORMATS:
        hint = did_you_mean(str(raw["format"]), FORMATS)
        out.append(("format", f"`format` must be one of {', '.join(FORMATS)}, not {raw['format']!r}{hint}"))
    return out


def _strings(value: Any, scalar_ok: bool = False) -> bool:
    if scalar_ok and isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _build(path: Path, raw: dict[str, Any]) -> ProjectConfig:
    target = raw.get("target", ())
    return ProjectConfig(
        source=path,
        packs=tuple(raw.get("packs", ())),
        rules=tuple(path.parent / rule for rule in raw.get("rules", ())),
        exclude=tuple(raw.get("exclude", ())),
        per_file_ignores=tuple((glob, tuple(ids)) for glob, ids in raw.get("per-file-ignores", {}).items()),
        target=(target,) if isinstance(target, str) else tuple(target),
        format=raw.get("format"),
    )


def _problem(path: Path, text: str, key: str, message: str) -> Diagnostic:
    """The problem on the line that sets ``key`` (TOML ``key =`` or YAML ``key:``; quoted or not)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=:]", re.MULTILINE)
    start = text.find("[tool.cfgmigrate]") if path.name == PYPROJECT else 0
    match = pattern.search(text, max(start, 0))
    line = text.count("\n", 0, match.start()) + 1 if match else 0
    where = "[tool.cfgmigrate]" if path.name == PYPROJECT else ""
    return Diagnostic(_shown(path), line, where, message)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
