"""What a project holds: config classes (dataclasses, pydantic models), config files, and the code
that reads configs (see ``reads.py``). Python is parsed, never imported or run."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfgmigrate.audit.reads import Read, reads_of
from cfgmigrate.types import Diagnostic
from cfgmigrate.verify.documents import load_with_lines

CONFIG_BASES = ("BaseModel", "BaseSettings")
REQUIRED = object()  # a field without a default


@dataclass
class FieldInfo:
    name: str
    annotation: str
    required: bool
    default: Any = None
    line: int = 0


@dataclass
class ClassInfo:
    name: str
    path: str
    line: int
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    bases: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """``file.py::Class``, the form a pack's ``schema:`` uses."""
        return f"{self.path}::{self.name}"


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
    problems: list[Diagnostic] = field(default_factory=list)


def scan(root: Path, relpaths: list[str]) -> Project:
    """Read every ``.py``, ``.yaml``/``.yml`` and ``.json`` file of ``relpaths`` (relative to ``root``)."""
    project = Project()
    for rel in relpaths:
        if rel.endswith(".py"):
            _scan_python(project, rel, root / rel)
        elif rel.endswith((".yaml", ".yml", ".json")):
            _scan_config(project, rel, root / rel)
    _inherit_fields(project)
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


def _scan_python(project: Project, rel: str, path: Path) -> None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError as e:
        project.problems.append(Diagnostic(rel, e.lineno or 0, "", f"cannot parse: {e.msg}"))
        return
    except (ValueError, OSError, UnicodeDecodeError) as e:
        project.problems.append(Diagnostic(rel, 0, "", f"cannot read: {e}"))
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and is_config_class(node):
            bases = tuple(ast.unparse(b).split(".")[-1] for b in node.bases)
            info = ClassInfo(node.name, rel, node.lineno, dict(_fields(node)), bases)
            project.classes[info.ref] = info
    project.reads.extend(reads_of(tree, rel))


def _inherit_fields(project: Project) -> None:
    """Fields a config class inherits from config classes of the project (the subclass's win)."""
    by_name: dict[str, list[ClassInfo]] = {}
    for cls in project.classes.values():
        by_name.setdefault(cls.name, []).append(cls)

    def inherited(cls: ClassInfo, seen: frozenset[str]) -> dict[str, FieldInfo]:
        out: dict[str, FieldInfo] = {}
        for base in cls.bases:
            candidates = by_name.get(base, [])
            parent = next((c for c in candidates if c.path == cls.path), candidates[0] if len(candidates) == 1 else None)
            if parent and parent.ref not in seen:
                out.update(inherited(parent, seen | {parent.ref}))
        return out | cls.fields

    for cls in list(project.classes.values()):
        cls.fields = inherited(cls, frozenset({cls.ref}))


def is_config_class(node: ast.ClassDef) -> bool:
    """A dataclass (any ``@dataclass``-named decorator) or a pydantic model/settings class."""
    decorators = [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
    bases = [ast.unparse(b) for b in node.bases]
    return any(d.split(".")[-1] == "dataclass" for d in decorators) or any(b.split(".")[-1] in CONFIG_BASES for b in bases)


def _fields(node: ast.ClassDef) -> Iterator[tuple[str, FieldInfo]]:
    for stmt in node.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        name, annotation = stmt.target.id, ast.unparse(stmt.annotation)
        if name.startswith("_") or "ClassVar" in annotation:  # private attributes and class constants are no fields
            continue
        default = field_default(stmt.value)
        required = default is REQUIRED
        yield name, FieldInfo(name, annotation, required, None if required else default, stmt.lineno)


def field_default(value: ast.expr | None) -> Any:
    """The declared default as a Python value (source text where it is not a literal), or REQUIRED."""
    if value is None:
        return REQUIRED
    if isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in ("field", "Field"):
        for kw in value.keywords:
            if kw.arg == "default":
                return literal(kw.value)
            if kw.arg in ("default_factory", "factory"):
                return ast.unparse(kw.value) + "()"
        first = value.args[0] if value.args else None
        if first is None or (isinstance(first, ast.Constant) and first.value is Ellipsis):  # Field(...): required
            return REQUIRED
        return literal(first)
    return literal(value)


def literal(node: ast.expr) -> Any:
    """The value of a literal expression; the source text of anything else (``torch.bfloat16``)."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ast.unparse(node)
