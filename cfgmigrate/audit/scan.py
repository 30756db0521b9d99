"""What a project holds: config classes (dataclasses, pydantic models), config files, and the code
that reads configs (see ``reads.py``). Python is parsed, never imported or run."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfgmigrate.audit.reads import Read, reads_of
from cfgmigrate.classes import ClassReader, ConfigClass, Field
from cfgmigrate.engines import holds_code, holds_documents
from cfgmigrate.types import Diagnostic
from cfgmigrate.verify.documents import load_with_lines

# one reader of config classes for the engines, audit, compare and verify
ClassInfo = ConfigClass
FieldInfo = Field


@dataclass
class ConfigFile:
    path: str
    data: dict[str, Any]
    lines: dict[tuple[Any, ...], int]


@dataclass
class Project:
    classes: dict[str, ClassInfo] = field(default_factory=dict)  # by ref
    configs: list[ConfigFile] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    trees: dict[str, ast.Module] = field(default_factory=dict)  # every parsed module, by file
    problems: list[Diagnostic] = field(default_factory=list)


def scan(root: Path, relpaths: list[str], reader: ClassReader | None = None) -> Project:
    """Read every Python file and config document of ``relpaths`` (relative to ``root``), each
    kind chosen by suffix from the engine table."""
    project = Project()
    reader = reader or ClassReader(root)
    for rel in relpaths:
        if holds_code(rel):
            _scan_python(project, rel, reader)
        elif holds_documents(rel):
            _scan_config(project, rel, root / rel)
    return project


def _scan_config(project: Project, rel: str, path: Path) -> None:
    try:
        data, lines = load_with_lines(path)
    except (ValueError, OSError, UnicodeDecodeError) as e:
        message = str(e).split(": ", 1)[-1] if str(e).startswith(path.name) else str(e)
        project.problems.append(Diagnostic(rel, 0, "", message))
        return
    if isinstance(data, dict):
        project.configs.append(ConfigFile(rel, data, lines))


def _scan_python(project: Project, rel: str, reader: ClassReader) -> None:
    try:
        tree = reader.load(reader.root / rel).tree
    except SyntaxError as e:
        project.problems.append(Diagnostic(rel, e.lineno or 0, "", f"cannot parse: {e.msg}"))
        return
    except (ValueError, OSError, UnicodeDecodeError) as e:
        project.problems.append(Diagnostic(rel, 0, "", f"cannot read: {e}"))
        return
    for info in reader.config_classes(rel):
        project.classes[info.ref] = info
    project.reads.extend(reads_of(tree, rel))
    project.trees[rel] = tree
