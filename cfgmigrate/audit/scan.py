"""What a project holds: config classes (dataclasses, pydantic models), config files, and the code
that reads configs (string-key subscripts and ``.get``, constructor calls of the classes)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfgmigrate.verify.documents import load_with_lines


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

    @property
    def ref(self) -> str:
        return f"{self.path}::{self.name}"


@dataclass
class ConfigFile:
    path: str
    data: dict[str, Any]
    lines: dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Read:
    """The code reads key ``key`` of section ``section`` ('' for the root) at path:line."""

    section: str
    key: str
    path: str
    line: int
    how: str  # "key" (x["k"], x.get("k")) or "constructor" (Class(k=...))
    default: Any = None  # x.get("k", default)
    has_default: bool = False
    origin: str = ""  # constructor reads: the module the class name was imported from ("" if not imported)


@dataclass
class Project:
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    configs: list[ConfigFile] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def scan(root: Path, relpaths: list[str]) -> Project:
    project = Project()
    for rel in relpaths:
        path = root / rel
        if rel.endswith(".py"):
            _scan_python(project, rel, path)
        elif rel.endswith((".yaml", ".yml", ".json")):
            try:
                data, lines = load_with_lines(path)
            except (ValueError, OSError) as e:
                project.problems.append(f"{rel}: {e}")
                continue
            if isinstance(data, dict):
                project.configs.append(ConfigFile(rel, data, lines))
    return project


def _scan_python(project: Project, rel: str, path: Path) -> None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as e:
        project.problems.append(f"{rel}: cannot parse: {e}")
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and _is_config_class(node):
            project.classes[node.name] = ClassInfo(node.name, rel, node.lineno, dict(_fields(node)))
    project.reads.extend(_reads(tree, rel, _imported_names(tree)))


def _is_config_class(node: ast.ClassDef) -> bool:
    decorators = [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
    bases = [ast.unparse(b) for b in node.bases]
    return any(d.split(".")[-1] == "dataclass" for d in decorators) or any(
        b.split(".")[-1] in ("BaseModel", "BaseSettings") for b in bases
    )


def _fields(node: ast.ClassDef) -> Iterator[tuple[str, FieldInfo]]:
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            default, required = _default(stmt.value)
            yield stmt.target.id, FieldInfo(stmt.target.id, ast.unparse(stmt.annotation), required, default, stmt.lineno)


def _default(value: ast.expr | None) -> tuple[Any, bool]:
    if value is None:
        return None, True
    if isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in ("field", "Field"):
        for kw in value.keywords:
            if kw.arg == "default":
                return _literal(kw.value), False
            if kw.arg == "default_factory":
                return ast.unparse(kw.value) + "()", False
        if value.args:
            return _literal(value.args[0]), False
        return None, True
    return _literal(value), False


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


def _imported_names(tree: ast.AST) -> dict[str, str]:
    """Name -> the module it was imported from (``from m import Name``)."""
    return {a.asname or a.name: n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}


def _reads(tree: ast.AST, rel: str, imported: dict[str, str]) -> Iterator[Read]:
    """Key reads, each attributed to a section through ``x = cfg["section"]`` aliases."""
    for scope in [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        aliases: dict[str, str] = {}
        for node in sorted(_own_nodes(scope), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                path = _key_path(node.value, aliases)
                if path is not None:
                    aliases[node.targets[0].id] = path
        for node in _own_nodes(scope):
            yield from _read_at(node, aliases, rel, imported)


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _key_path(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """``cfg["data"]["x"]`` -> "data.x"; ``data`` (an alias) -> its path; a plain name -> ""."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, "")
    key = _string_key(node)
    if key is not None:
        inner = node.value if isinstance(node, ast.Subscript) else node.func.value  # type: ignore[attr-defined]
        base = _key_path(inner, aliases)
        return None if base is None else (f"{base}.{key}" if base else key)
    return None


def _string_key(node: ast.AST) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    is_get = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
    if is_get and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):  # type: ignore[attr-defined]
        return node.args[0].value  # type: ignore[attr-defined]
    return None


def _read_at(node: ast.AST, aliases: dict[str, str], rel: str, imported: dict[str, str]) -> Iterator[Read]:
    path = _key_path(node, aliases) if isinstance(node, (ast.Subscript, ast.Call)) else None
    if path:
        section, _, key = path.rpartition(".")
        has_default = isinstance(node, ast.Call) and len(node.args) > 1
        default = _literal(node.args[1]) if has_default else None  # type: ignore[attr-defined]
        yield Read(section, key, rel, node.lineno, "key", default, has_default)  # type: ignore[attr-defined]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id[:1].isupper():
        for kw in node.keywords:
            if kw.arg:
                yield Read(
                    "class:" + node.func.id, kw.arg, rel, node.lineno, "constructor", origin=imported.get(node.func.id, "")
                )
