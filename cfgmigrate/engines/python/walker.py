"""The one pass over a module that fills a :class:`scopes.Model`: frames with their bindings, the
calls of plain names, ``return`` values, attribute stores, and the sites of the attribute."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfgmigrate.engines.python.frames import Binding, Frame, Site

if TYPE_CHECKING:
    from cfgmigrate.engines.python.scopes import Model

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Walker:
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
            elif a.annotation is not None and a not in (args.vararg, args.kwarg) and not untyped_annotation(a.annotation):
                inner.bind(a.arg, Binding(a.lineno, annotation=a.annotation))
            elif (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and (frame is self.model.module or (owner is not None and frame.parent is self.model.module))
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
        elif isinstance(frame.node, ast.ClassDef) and frame.parent is self.model.module:
            self.model.methods[id(node)] = frame.node
        yield from ((d, frame) for d in node.decorator_list)
        yield from ((c, inner) for c in node.body)

    def _bindings(self, node: ast.AST, frame: Frame) -> None:
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(node, ast.Global):
                frame.globals.update(node.names)
            return
        if isinstance(node, ast.Return):
            frame.returns.append(node.value)
        elif isinstance(node, ast.Yield):
            frame.yields.append(node.value)
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
        if isinstance(node, ast.Call):
            self.model.callsites.append((node, frame))
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


def untyped_annotation(annotation: ast.expr) -> bool:
    """``Any`` and ``object`` say nothing of a parameter's type: it is read like an unannotated one."""
    return ast.unparse(annotation).strip("'\"") in ("Any", "typing.Any", "object")


def _method_owner(node: ast.AST, frame: Frame) -> tuple[ast.ClassDef, str] | None:
    """A function defined in a class body: (the class, "self" or "cls"); None for a static method."""
    if not isinstance(frame.node, ast.ClassDef) or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    decorators = {
        d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else "" for d in node.decorator_list
    }
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
