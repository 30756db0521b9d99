"""Python's scopes for one module, read with ``ast``: the names each function binds and how
(values, annotations, unpackings, imports, parameters), the calls of plain names, and the accesses
of one attribute name (``x.NAME``, ``getattr(x, "NAME")``). Shared by the attribute rules
(``receivers.py``) and symbol renames (``symbols.py``); nothing is imported."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(eq=False)
class Frame:
    """One scope: the names it binds, each with how (the values, annotations and unpackings)."""

    node: ast.AST
    parent: Frame | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    returns: list[ast.expr | None] = field(default_factory=list)  # a function's ``return`` values

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)


@dataclass(frozen=True)
class Binding:
    line: int
    value: ast.expr | None = None  # ``x = value``
    annotation: ast.expr | None = None  # ``x: A`` or an annotated parameter
    item: tuple[int, int] | None = None  # ``a, x, c = value``: (position, count)
    frame: Frame | None = None  # where ``value`` is evaluated
    imported: str = ""  # ``from a import b`` inside a function: the qualified name
    param: tuple[ast.FunctionDef | ast.AsyncFunctionDef, int | None, str] | None = None  # unannotated: (function, position, name)
    owner: tuple[ast.ClassDef, str] | None = None  # a method's first parameter: (its class, "self" | "cls")


@dataclass(frozen=True)
class Site:
    """An access ``value.NAME`` (or ``getattr(value, "NAME", ...)``) and how it is used."""

    node: ast.Attribute | ast.Call
    value: ast.expr
    frame: Frame
    use: str  # "read" | "write" | "delete" | "update" (augmented) | "by name" (getattr & co)


class Model:
    """The module's scopes and its accesses of one attribute name."""

    def __init__(self, tree: ast.Module, name: str, package: str = "", names: bool = False) -> None:
        self.imports: dict[str, str] = {}  # module-level imports: local name -> qualified name
        self.name, self.package = name, package  # the package the module is in, for relative imports
        self.calls: dict[str, list[tuple[ast.Call, Frame]]] = {}  # calls of a plain name
        self.loads: dict[str, int] = {}  # reads of a plain name (calls included)
        self.names: list[tuple[ast.Name, Frame]] = []  # with ``names``: every ``ast.Name`` spelled ``name``
        self.want_names = names
        self.module = Frame(tree, None)
        self.sites: list[Site] = []
        self.classes: dict[str, ast.ClassDef] = {}  # classes of this file, by name
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # module-level functions, by name
        self.frames: dict[int, Frame] = {}  # id(function or class node) -> its frame
        self.stores: list[tuple[ast.Attribute, ast.expr | None, Frame]] = []  # ``x.a = value`` (None: not a plain assignment)
        _Walker(self).run(tree)

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


class _Walker:
    """One pass over the module: frames with their bindings, and the sites of the attribute."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.done: set[int] = set()  # nodes already accounted for (assigned names, augmented targets)
        self._stored: set[int] = set()  # attribute targets of plain assignments (their values are known)

    def run(self, tree: ast.Module) -> None:
        stack: list[tuple[ast.AST, Frame]] = [(s, self.model.module) for s in reversed(tree.body)]
        while stack:
            node, frame = stack.pop()
            stack.extend(reversed(list(self._visit(node, frame))))

    def _visit(self, node: ast.AST, frame: Frame) -> Iterator[tuple[ast.AST, Frame]]:
        if isinstance(node, (*SCOPES, *COMPREHENSIONS)):
            yield from self._scope(node, frame)
            return
        self._bindings(node, frame)
        self._site(node, frame)
        for child in ast.iter_child_nodes(node):
            yield child, frame

    def _scope(self, node: ast.AST, frame: Frame) -> Iterator[tuple[ast.AST, Frame]]:
        inner = Frame(node, frame)
        self.model.frames[id(node)] = inner
        if isinstance(node, ast.ClassDef):
            frame.bind(node.name, Binding(node.lineno))
            if frame is self.model.module:
                self.model.classes[node.name] = node
            yield from ((c, frame) for c in [*node.decorator_list, *node.bases, *node.keywords])
            yield from ((c, inner) for c in node.body)
            return
        if isinstance(node, COMPREHENSIONS):
            generators = node.generators
            yield generators[0].iter, frame
            for gen in generators:
                for name in _names(gen.target):
                    inner.bind(name, Binding(gen.target.lineno))
                yield from ((c, inner) for c in [*([gen.iter] if gen is not generators[0] else []), *gen.ifs])
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            yield from ((c, inner) for c in parts)
            return
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        args = node.args
        yield from ((d, frame) for d in [*args.defaults, *(d for d in args.kw_defaults if d is not None)])
        positional = [*args.posonlyargs, *args.args]
        owner = _method_owner(node, frame)
        for a in [*positional, *args.kwonlyargs, *(x for x in (args.vararg, args.kwarg) if x is not None)]:
            if owner is not None and positional and a is positional[0]:
                inner.bind(a.arg, Binding(a.lineno, owner=owner))
            elif a.annotation is not None and a not in (args.vararg, args.kwarg):
                inner.bind(a.arg, Binding(a.lineno, annotation=a.annotation))
            elif (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and frame is self.model.module
                and a not in (args.vararg, args.kwarg)
            ):
                position = positional.index(a) if a in positional else None
                inner.bind(a.arg, Binding(a.lineno, param=(node, position, a.arg)))
            else:
                inner.bind(a.arg, Binding(a.lineno))
        if isinstance(node, ast.Lambda):
            yield node.body, inner
            return
        frame.bind(node.name, Binding(node.lineno))
        if frame is self.model.module:
            self.model.functions[node.name] = node
        yield from ((d, frame) for d in node.decorator_list)
        yield from ((c, inner) for c in node.body)

    def _bindings(self, node: ast.AST, frame: Frame) -> None:
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(node, ast.Global):
                frame.globals.update(node.names)
            return
        if isinstance(node, ast.Return):
            frame.returns.append(node.value)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._assign(target, node.value, frame)
            return
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Attribute):
            self.model.stores.append((node.target, node.value, frame))
            self._stored.add(id(node.target))
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            frame.bind(node.target.id, Binding(node.lineno, annotation=node.annotation))
            self._mark(node.target)
            return
        if isinstance(node, ast.NamedExpr):
            frame.bind(node.target.id, Binding(node.lineno, value=node.value, frame=frame))
            self._mark(node.target)
            return
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and id(node) not in self._stored:
            self.model.stores.append((node, None, frame))  # for, with, tuple targets, augmented: not known
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)) and not self._assigned(node):
            frame.bind(node.id, Binding(node.lineno))  # for, with, except, del, augmented: not known
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for local, qualified in _imported(node, self.model.package):
                if frame is self.model.module:
                    self.model.imports[local] = qualified
                else:
                    frame.bind(local, Binding(node.lineno, imported=qualified))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            frame.bind(node.name, Binding(node.lineno))

    def _assign(self, target: ast.expr, value: ast.expr, frame: Frame) -> None:
        if isinstance(target, ast.Attribute):
            self.model.stores.append((target, value, frame))
            self._stored.add(id(target))
        if isinstance(target, ast.Name):
            frame.bind(target.id, Binding(target.lineno, value=value, frame=frame))
            self._mark(target)
        elif isinstance(target, (ast.Tuple, ast.List)):
            starred = any(isinstance(e, ast.Starred) for e in target.elts)
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Name) and not starred:
                    frame.bind(element.id, Binding(element.lineno, value=value, item=(i, len(target.elts)), frame=frame))
                    self._mark(element)

    def _mark(self, node: ast.AST) -> None:
        self.done.add(id(node))

    def _assigned(self, name: ast.Name) -> bool:
        return id(name) in self.done

    def _site(self, node: ast.AST, frame: Frame) -> None:
        name = self.model.name
        if isinstance(node, ast.Attribute) and node.attr == name and id(node) not in self.done:
            use = {ast.Load: "read", ast.Store: "write", ast.Del: "delete"}[type(node.ctx)]
            self.model.sites.append(Site(node, node.value, frame, use))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Attribute) and node.target.attr == name:
            self.model.sites.append(Site(node.target, node.target.value, frame, "update"))
            self._mark(node.target)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            self.model.loads[node.id] = self.model.loads.get(node.id, 0) + 1
        if self.model.want_names and isinstance(node, ast.Name) and node.id == name:
            self.model.names.append((node, frame))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            self.model.calls.setdefault(node.func.id, []).append((node, frame))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == name
        ):
            self.model.sites.append(Site(node, node.args[0], frame, "by name"))


def _method_owner(node: ast.AST, frame: Frame) -> tuple[ast.ClassDef, str] | None:
    """A function defined in a class body: (the class, "self" or "cls"); None for a static method."""
    if not isinstance(frame.node, ast.ClassDef) or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    decorators = {d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else "" for d in node.decorator_list}
    if "staticmethod" in decorators:
        return None
    return frame.node, "cls" if "classmethod" in decorators or node.name in ("__new__", "__init_subclass__") else "self"


def imported_names(node: ast.Import | ast.ImportFrom, package: str) -> list[tuple[str, str]]:
    """(local name, qualified name) for each name an import binds."""
    return _imported(node, package)


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> list[tuple[str, str]]:
    """(local name, qualified name) for each name an import binds (a relative import through ``package``)."""
    if isinstance(node, ast.Import):
        return [(a.asname or a.name.split(".")[0], a.name if a.asname else a.name.split(".")[0]) for a in node.names]
    base = node.module or ""
    if node.level:
        parts = package.split(".") if package else []
        if node.level - 1 > len(parts) or not package:
            return [(a.asname or a.name, "") for a in node.names]
        base = ".".join([*parts[: len(parts) - (node.level - 1)], *([node.module] if node.module else [])])
    return [(a.asname or a.name, f"{base}.{a.name}" if base else "") for a in node.names]


def _names(target: ast.expr) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def package_of(relpath: str) -> str:
    """The package a module is in (``trl/trainer/utils.py`` -> ``trl.trainer``; under ``src/`` too)."""
    parts = relpath.split("/")[:-1]
    return ".".join(parts[1:] if parts[:1] == ["src"] else parts)
