"""Python's scopes for one module, read with ``ast``: the names each function binds and how
(values, annotations, unpackings, imports, parameters), the calls of plain names, and the accesses
of one attribute name (``x.NAME``, ``getattr(x, "NAME")``). Shared by the attribute rules
(``receivers.py``) and symbol renames (``symbols.py``); nothing is imported."""

from __future__ import annotations

import ast

from cfgmigrate.engines.python.frames import Binding, Frame, Site
from cfgmigrate.engines.python.walker import Walker, imported_names, package_of

__all__ = ["Binding", "Frame", "Model", "Site", "imported_names", "package_of"]


class Model:
    """The module's scopes and its accesses of one attribute name."""

    def __init__(self, tree: ast.Module, name: str, package: str = "", names: bool = False) -> None:
        self.imports: dict[str, str] = {}  # module-level imports: local name -> qualified name
        self.name, self.package = name, package  # the package the module is in, for relative imports
        self.calls: dict[str, list[tuple[ast.Call, Frame]]] = {}  # calls of a plain name
        self.callsites: list[tuple[ast.Call, Frame]] = []  # every call
        self.loads: dict[str, int] = {}  # reads of a plain name (calls included)
        self.names: list[tuple[ast.Name, Frame]] = []  # with ``names``: every ``ast.Name`` spelled ``name``
        self.want_names = names
        self.module = Frame(tree, None)
        self.sites: list[Site] = []
        self.classes: dict[str, ast.ClassDef] = {}  # classes of this file, by name
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # module-level functions, by name
        self.methods: dict[int, ast.ClassDef] = {}  # id(method of a module-level class) -> its class
        self.frames: dict[int, Frame] = {}  # id(function or class node) -> its frame
        self.stores: list[tuple[ast.Attribute, ast.expr | None, Frame]] = []  # ``x.a = value`` (None: not a plain assignment)
        Walker(self).run(tree)

    def qualified(self, node: ast.expr, frame: Frame) -> str:
        """The dotted name of ``node`` through the imports ('' when it is not a plain dotted name or
        its head is bound by the code itself)."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return ""
        head = self._head(node.id, frame)
        return ".".join([head, *reversed(parts)]) if head else ""

    def denotes(self, name: str, frame: Frame) -> str:
        """The qualified name a plain name denotes where it is read ('' when the code binds it itself)."""
        return self._head(name, frame)

    def _head(self, name: str, frame: Frame) -> str:
        """What a name denotes through imports ('' when the code binds it itself); a class of this file is its name."""
        current: Frame | None = frame
        while current is not None and current is not self.module:
            if name in current.globals:
                break
            if name in current.bindings and (current is frame or not isinstance(current.node, ast.ClassDef)):
                found = {b.imported for b in current.bindings[name]}
                return found.pop() if len(found) == 1 else ""
            current = current.parent
        if any(b.value is not None for b in self.module.bindings.get(name, [])):
            return ""
        return self.imports.get(name) or (name if name in self.classes else "")

    def qualname(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
        """``f`` for a module-level function, ``C.m`` for a method of a module-level class."""
        cls = self.methods.get(id(fn))
        return f"{cls.name}.{fn.name}" if cls is not None else fn.name

    def lookup(self, name: str, frame: Frame) -> list[Binding]:
        """The bindings that a read of ``name`` in ``frame`` sees (class bodies are skipped by functions)."""
        current: Frame | None = frame
        first = True
        while current is not None:
            if name in current.globals:
                return self.module.bindings.get(name, [])
            if (first or not isinstance(current.node, ast.ClassDef)) and name in current.bindings:
                return current.bindings[name]
            first = False
            current = current.parent
        return []
