"""Which parameters need their callers found (``callers.py``): a function's or method's untyped (or
``Any``) parameter ``p`` read as ``p.NAME`` (``getattr``/``hasattr`` too), or kept by ``__init__`` as
``self.x = p`` where the class reads ``self.x.NAME``. Text first (:func:`may_read`), then ``ast``."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from cfgmigrate.engines.python.factories import module_of
from cfgmigrate.engines.python.walker import untyped_annotation


@dataclass(frozen=True)
class Candidate:
    relpath: str
    module: str
    cls: str  # "" for a module-level function
    function: str
    param: str
    position: int | None  # among the positional parameters (a method's self included)

    @property
    def key(self) -> str:
        qualname = f"{self.cls}.{self.function}" if self.cls else self.function
        return f"{self.relpath}::{qualname}::{self.param}"


def may_read(text: str, name: str) -> bool:
    """Whether a file's text can read ``p.NAME`` of a parameter ``p`` (before it is parsed): some ``x``
    of ``x.NAME`` (or ``hasattr(x, "NAME")``) is also in a ``def``'s parameter list."""
    if name not in text:
        return False
    subjects = set(re.findall(rf"\b([A-Za-z_]\w*)\s*\.\s*{name}\b", text))
    subjects |= set(re.findall(rf"attr\(\s*([A-Za-z_]\w*)\s*,\s*[\"']{name}[\"']", text))
    if not subjects:
        return False
    alternatives = "|".join(map(re.escape, sorted(subjects)))
    if re.search(rf"self\.(?:{alternatives})\s*=[^=]", text):  # self.hf_config = config in __init__
        return True
    signature = rf"def\s+\w+\s*\((?:[^()]|\([^()]*\))*?\b(?:{alternatives})\b"
    return re.search(signature, text) is not None


def candidates(relpath: str, tree: ast.Module | None, name: str) -> list[Candidate]:
    """The functions and methods (of module-level classes) whose untyped parameter is read as ``p.NAME``."""
    if tree is None:
        return []
    functions: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append((node, ""))
        elif isinstance(node, ast.ClassDef):
            functions += [
                (n, node.name) for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not _static(n)
            ]
    out = []
    for fn, cls in functions:
        args = fn.args
        positional = [*args.posonlyargs, *args.args]
        params = [*(positional[1:] if cls else positional), *args.kwonlyargs]
        untyped = [a for a in params if a.annotation is None or untyped_annotation(a.annotation)]
        if not untyped:
            continue
        read = _subjects(fn, name) | (_kept(fn, classes[cls], name) if fn.name == "__init__" else set())
        for a in untyped:
            if a.arg in read:
                position = positional.index(a) if a in positional else None
                out.append(Candidate(relpath, module_of(relpath), cls, fn.name, a.arg, position))
    return out


def _kept(init: ast.FunctionDef | ast.AsyncFunctionDef, cls: ast.ClassDef, name: str) -> set[str]:
    """``__init__``'s parameters kept as ``self.x = p`` where the class reads ``self.x.NAME``."""
    read = {
        n.value.attr
        for n in ast.walk(cls)
        if isinstance(n, ast.Attribute) and n.attr == name and isinstance(n.value, ast.Attribute) and _on_self(n.value.value)
    }
    out = set()
    for stmt in ast.walk(init):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.value, ast.Name):
            target = stmt.targets[0]
            if isinstance(target, ast.Attribute) and _on_self(target.value) and target.attr in read:
                out.add(stmt.value.id)
    return out


def _on_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _static(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list)


def _subjects(fn: ast.AST, name: str) -> set[str]:
    """The plain names read as ``x.NAME``, ``getattr(x, "NAME")`` or ``hasattr(x, "NAME")`` in a
    function, less those it assigns (a parameter it rebinds is not what its callers pass)."""
    out, stored = set(), set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stored.add(n.id)
        elif isinstance(n, ast.Attribute) and n.attr == name and isinstance(n.value, ast.Name):
            out.add(n.value.id)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("getattr", "hasattr") and len(n.args) > 1:
            first, second = n.args[0], n.args[1]
            if isinstance(first, ast.Name) and isinstance(second, ast.Constant) and second.value == name:
                out.add(first.id)
    return out - stored
