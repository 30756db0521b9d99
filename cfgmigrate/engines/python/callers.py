"""Parameters whose callers are in other files: what every call in the project passes them.

``def dtype_from_hf(self, config): return config.torch_dtype`` in one file, called as
``self.dtype_from_hf(hf_config)`` by subclasses in fifteen others, cannot be settled by its own
file. ``prepare`` settles it once per run (:func:`table`), for each rule that follows attribute
reads, bounded by text: only the functions whose unannotated (or ``Any``) parameter ``p`` is read as
``p.NAME`` (``getattr(p, "NAME")``) in a file that contains ``NAME``, and only the files that spell
the function's name (and, for a module-level function, its module's) are parsed for calls.

A call counts when it resolves: ``f(...)`` through the imports (or in f's own file), ``mod.f(...)``,
and for a method ``self.m(...)``/``cls.m(...)``/``super().m(...)`` inside a class whose bases
(through the imports, across the files read) reach the method's class; for ``__init__`` (a parameter
it keeps as ``self.x``, ``params.py``), ``C(...)`` and ``super().__init__(...)``. Any other
``x.m(...)``, a use of ``f`` other than a call, and a subclass that inherits ``__init__`` are
*unresolved*. A ``unittest.mock`` object passed does not vote.

The verdict, per parameter: every call passes a receiver and none is unresolved: a receiver; some
call passes one while another passes something else, is unresolved or splats its arguments, or the
only calls pass mocks: *unsure* (reported, naming a call of each kind); no call passes a receiver:
not one (left alone, as in a single file).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable

from cfgmigrate.engines.python.kinds import Kind
from cfgmigrate.engines.python.mocks import mocked
from cfgmigrate.engines.python.params import Candidate, candidates, may_read
from cfgmigrate.engines.python.scopes import Frame, Model, package_of

Verdicts = dict[str, tuple[str, str]]  # "relpath::qualname::param" -> (verdict, what)


def table(
    read: Callable[[str], str | None],
    relpaths: Iterable[str],
    name: str,
    types: Callable[[Model], object],
    trees: dict[str, ast.Module | None] | None = None,
) -> Verdicts:
    """The verdicts for one rule (``name``: its attribute; ``types(model)``: the rule's ``Types``);
    ``trees`` caches the parsed files across the rules of a run."""
    texts = {r: t for r in relpaths if r.endswith(".py") and (t := read(r)) is not None}
    trees = {} if trees is None else trees
    models: dict[str, Model | None] = {}

    def tree(relpath: str) -> ast.Module | None:
        if relpath not in trees:
            try:
                trees[relpath] = ast.parse(texts[relpath])
            except (SyntaxError, ValueError, RecursionError):
                trees[relpath] = None
        return trees[relpath]

    def model(relpath: str) -> Model | None:
        if relpath not in models:
            parsed = tree(relpath)
            models[relpath] = Model(parsed, name, package_of(relpath)) if parsed is not None else None
        return models[relpath]

    wanted = [c for r, t in texts.items() if may_read(t, name) for c in candidates(r, tree(r), name)]
    out: Verdicts = {}
    for c in wanted:
        calls: list[tuple[str, int, Kind]] = []
        for r, t in texts.items():
            if _may_call(c, r, t) and (m := model(r)) is not None:
                calls += [(r, line, kind) for line, kind in _calls(c, r, m, types(m))]
        verdict = _verdict(c, calls)
        if verdict is not None:
            out[c.key] = (verdict.verdict, verdict.what)
    return out


def _may_call(c: Candidate, relpath: str, text: str) -> bool:
    """Whether a file's text can call the candidate (its name, spelled as a call; its module's name)."""
    if c.cls and c.function == "__init__":
        return re.search(rf"\b{re.escape(c.cls)}\b", text) is not None
    if c.cls:
        return f".{c.function}(" in text
    if relpath == c.relpath:
        return text.count(f"{c.function}") > 1
    words = (c.function, c.module.split(".")[-1])
    return all(w in text for w in words) and all(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _calls(c: Candidate, relpath: str, m: Model, types: object) -> list[tuple[int, Kind]]:
    """(line, what the call passes the parameter) for each call of the candidate in one file."""
    out = []
    target = f"{c.module}.{c.function}"
    for node, frame in m.callsites:
        func = node.func
        if c.cls and c.function == "__init__" and _constructs(m, func, frame, c, relpath):
            position = c.position - 1 if c.position is not None else None
        elif c.cls:
            if not (isinstance(func, ast.Attribute) and func.attr == c.function):
                continue
            if not _reaches(m, types, func.value, frame, f"{c.module}.{c.cls}", c.cls if relpath == c.relpath else ""):
                out.append((node.lineno, Kind("unsure", "unresolved")))
                continue
            position = c.position - 1 if c.position is not None else None
        else:
            here = relpath == c.relpath and isinstance(func, ast.Name) and func.id == c.function
            if not here and m.qualified(func, frame) != target:
                continue
            if here and m.lookup(c.function, frame) is not m.module.bindings.get(c.function):
                continue
            position = c.position
        out.append((node.lineno, _argument(types, node, frame, position, c.param)))
    if c.function == "__init__":  # a subclass that inherits __init__ is constructed where this run does not look
        for sub in m.classes.values():
            inherits = not any(isinstance(n, ast.FunctionDef) and n.name == "__init__" for n in sub.body)
            if (
                sub.name != c.cls
                and inherits
                and _reaches_class(m, sub, f"{c.module}.{c.cls}", c.cls if relpath == c.relpath else "")
            ):
                out.append((sub.lineno, Kind("unsure", "inherits")))
    if not c.cls:  # the function passed or stored rather than called (``callback=f``): unresolved
        local = c.function if relpath == c.relpath else next((k for k, v in m.imports.items() if v == target), "")
        called = sum(1 for node, _ in m.callsites if isinstance(node.func, ast.Name) and node.func.id == local)
        if local and m.loads.get(local, 0) > called:
            out.append((1, Kind("unsure", "unresolved")))
    return out


def _reaches(m: Model, types: object, value: ast.expr, frame: Frame, qualified: str, own: str) -> bool:
    """Whether ``value.m(...)`` calls the method of the class ``qualified``: ``self``/``cls``/``super()``
    in that class or a class whose bases (through the imports) name it."""
    owner = None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super":
        while frame.parent is not None and not isinstance(frame.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            frame = frame.parent
        cls = frame.parent.node if frame.parent is not None else None
        owner = cls if isinstance(cls, ast.ClassDef) else None
    else:
        owner = types.owner(value, frame, "self") or types.owner(value, frame, "cls")  # type: ignore[attr-defined]
    if owner is None:
        return False
    if own and owner.name == own:
        return True
    return _reaches_class(m, owner, qualified, own)


def _reaches_class(m: Model, owner: ast.ClassDef, qualified: str, own: str) -> bool:
    """Whether a class's bases (through the imports, and the file's own classes) name the class ``qualified``."""
    todo, seen = list(owner.bases), set()
    while todo:
        base = todo.pop()
        name = m.qualified(base, m.module)
        if (
            (own and name == own)
            or name == qualified
            or name.endswith(f".{qualified.rsplit('.', 1)[-1]}")
            and name.split(".")[0] == qualified.split(".")[0]
        ):
            return True
        local = m.classes.get(name)
        if local is not None and name not in seen:
            seen.add(name)
            todo.extend(local.bases)
    return False


def _constructs(m: Model, func: ast.expr, frame: Frame, c: Candidate, relpath: str) -> bool:
    """``C(...)`` of the candidate's class: through the imports, or by its name in its own file."""
    if relpath == c.relpath and isinstance(func, ast.Name) and func.id == c.cls:
        return m.lookup(c.cls, frame) is m.module.bindings.get(c.cls)
    return m.qualified(func, frame) == f"{c.module}.{c.cls}"


def _argument(types: object, call: ast.Call, frame: Frame, position: int | None, name: str) -> Kind:
    keyword = next((k.value for k in call.keywords if k.arg == name), None)
    if keyword is None:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return Kind("unsure", "splat")
        if position is None or position >= len(call.args):
            return Kind("no")
        keyword = call.args[position]
    if mocked(types.model, keyword, frame):  # type: ignore[attr-defined]
        return Kind("mock")
    return types.kind(keyword, frame)  # type: ignore[attr-defined,no-any-return]


def _verdict(c: Candidate, calls: list[tuple[str, int, Kind]]) -> Kind | None:
    qualname = f"{c.cls}.{c.function}" if c.cls else c.function
    yes = [(r, line, k) for r, line, k in calls if k.verdict == "yes"]
    other = [(r, line, k) for r, line, k in calls if k.verdict not in ("yes", "mock")]
    mocks = [(r, line) for r, line, k in calls if k.verdict == "mock"]
    if yes and not other:
        count = f"{len(yes)} call{'s' if len(yes) > 1 else ''}"
        return Kind("yes", f"{yes[0][2].what} at every call of {qualname}() in the project ({count})")
    if yes:
        r, line, k = other[0]
        how = {
            "unresolved": "a call this run cannot resolve",
            "splat": "splatted arguments",
            "inherits": "a subclass that inherits __init__ (its constructions are not followed)",
        }.get(k.what, "something else")
        return Kind(
            "unsure",
            f"{c.param} is a parameter of {qualname}(): {yes[0][0]}:{yes[0][1]} passes a {yes[0][2].what}, {r}:{line} {how}",
        )
    if mocks and not other:
        r, line = mocks[0]
        more = f" and {len(mocks) - 1} more" if len(mocks) > 1 else ""
        return Kind("unsure", f"{c.param} is a parameter of {qualname}(), whose calls ({r}:{line}{more}) pass mocks only")
    return None
