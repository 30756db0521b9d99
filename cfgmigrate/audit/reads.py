"""The code that reads configs: string-key subscripts and ``.get`` calls (followed through
``data = cfg["data"]`` aliases), keyword arguments of constructor calls, and ``argparse`` flags."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Read:
    """The code reads key ``key`` of section ``section`` ('' for the root) at path:line."""

    section: str  # for constructor calls: "class:Name"
    key: str
    path: str
    line: int
    how: str  # "key" (x["k"], x.get("k")), "constructor" (Class(k=...)) or "flag" (add_argument("--a.k"))
    default: Any = None  # x.get("k", default), add_argument(..., default=...)
    has_default: bool = False
    origin: str = ""  # constructor reads: the module the class name was imported from ("" if not imported)


def reads_of(tree: ast.Module, rel: str) -> Iterator[Read]:
    """Every config read of one module, each attributed to its section through aliases in its scope."""
    imported = {a.asname or a.name: n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
        nodes = sorted(_own_nodes(scope), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        aliases = _aliases(nodes)
        for node in nodes:
            yield from _key_read(node, aliases, rel)
            if isinstance(node, ast.Call):
                yield from _constructor_reads(node, rel, imported)
                yield from _flag_reads(node, rel)


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a scope, not those of the functions and classes nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, SCOPES):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _aliases(nodes: list[ast.AST]) -> dict[str, str]:
    """``data = cfg["data"]`` -> {"data": "data"}, in source order so that aliases build on aliases."""
    aliases: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            path = _key_path(node.value, aliases)
            if path is not None:
                aliases[node.targets[0].id] = path
    return aliases


def _key_path(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """``cfg["data"]["x"]`` -> "data.x"; ``data`` (an alias) -> its path; a plain name -> ""."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, "")
    key = _string_key(node)
    if key is None:
        return None
    inner = node.value if isinstance(node, ast.Subscript) else node.func.value  # type: ignore[attr-defined]
    base = _key_path(inner, aliases)
    return None if base is None else (f"{base}.{key}" if base else key)


def _string_key(node: ast.AST) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        first = node.args[0]
        return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    return None


def _key_read(node: ast.AST, aliases: dict[str, str], rel: str) -> Iterator[Read]:
    path = _key_path(node, aliases) if isinstance(node, (ast.Subscript, ast.Call)) else None
    if path:
        section, _, key = path.rpartition(".")
        has_default = isinstance(node, ast.Call) and len(node.args) > 1
        default = _literal(node.args[1]) if isinstance(node, ast.Call) and has_default else None
        yield Read(section, key, rel, getattr(node, "lineno", 0), "key", default, has_default)


def _constructor_reads(node: ast.Call, rel: str, imported: dict[str, str]) -> Iterator[Read]:
    """``DataConfig(num_workers=...)``: the code expects the class to take these keywords."""
    if isinstance(node.func, ast.Name) and node.func.id[:1].isupper():
        origin = imported.get(node.func.id, "")
        for kw in node.keywords:
            if kw.arg:
                yield Read("class:" + node.func.id, kw.arg, rel, node.lineno, "constructor", origin=origin)


def _flag_reads(node: ast.Call, rel: str) -> Iterator[Read]:
    """``parser.add_argument("--data.num-workers", default=4)`` reads ``data.num_workers``."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"):
        return
    flags = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.startswith("--")]
    keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
    dest = keywords.get("dest")
    name = dest.value if isinstance(dest, ast.Constant) and isinstance(dest.value, str) else flags[0][2:] if flags else ""
    if name:
        section, _, key = name.replace("-", "_").rpartition(".")
        default = keywords.get("default")
        value = _literal(default) if default is not None else None
        yield Read(section, key, rel, node.lineno, "flag", value, default is not None)


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ast.unparse(node)
