"""A call rule's conditions at one call: ``unless`` (leave the call alone), ``unresolved`` (report
it instead), and whether the names of an ``add``'s ``expr`` are bound where the call is.

What a condition needs from the whole file (its imports, the names it uses, what the calls' results
are chained with or assigned to) is read once per version of the file (:class:`FileFacts`), with
``ast`` only: nothing is imported or evaluated.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cfgmigrate.engines.python.parsed import Parsed, Scope
from cfgmigrate.ops.conditions import Unless
from cfgmigrate.values import same_value

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Verdict:
    """``skip``: the rule leaves the call alone; ``held``: which condition held, when the rule would
    otherwise have acted (told as a note, listed with ``-v``); ``report``: why it is told, not edited."""

    skip: bool = False
    report: str = ""
    held: str = ""


GO = Verdict()


@dataclass
class FileFacts:
    imported: set[str] = field(default_factory=set)  # qualified names of everything imported, anywhere
    names: set[str] = field(default_factory=set)  # names, attribute names and keyword names as written
    qualified: set[str] = field(default_factory=set)  # dotted uses resolved through the imports
    module_names: set[str] = field(default_factory=set)  # what the module level binds
    chained: dict[int, tuple[str, ast.Call]] = field(default_factory=dict)  # id(call) -> (method, call) on its result
    assigned: dict[int, set[str]] = field(default_factory=dict)  # id(call) -> dotted names its result is assigned to
    receivers: dict[str, set[str]] = field(default_factory=dict)  # method -> dotted receivers it is called on


def facts(parsed: Parsed) -> FileFacts:
    """The file's facts, read on first use and kept with the parsed file."""
    cached = getattr(parsed, "_condition_facts", None)
    if isinstance(cached, FileFacts):
        return cached
    out = FileFacts()
    _module_level(parsed.tree.body, out.module_names)
    for node in ast.walk(parsed.tree):
        _note(node, parsed.imports, out)
    parsed._condition_facts = out  # type: ignore[attr-defined]
    return out


def _note(node: ast.AST, imports: dict[str, str], out: FileFacts) -> None:
    if isinstance(node, ast.Import):
        out.imported |= {a.name for a in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        out.imported |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
    elif isinstance(node, ast.keyword) and node.arg is not None:
        out.names.add(node.arg)
    elif isinstance(node, ast.Name):
        out.names.add(node.id)
        if node.id in imports:
            out.qualified.add(imports[node.id])
    elif isinstance(node, ast.Attribute):
        out.names.add(node.attr)
        parts = dotted(node)
        if parts[0] in imports:
            out.qualified.add(".".join([imports[parts[0]], *parts[1:]]))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        out.receivers.setdefault(node.func.attr, set()).add(".".join(dotted(receiver)))
        if isinstance(receiver, ast.Call):
            out.chained[id(receiver)] = (node.func.attr, node)
    elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = {".".join(dotted(t)) for t in targets if isinstance(t, (ast.Name, ast.Attribute))}
        for call in _receiver_chain(node.value):
            out.assigned.setdefault(id(call), set()).update(names)


def _receiver_chain(value: ast.expr) -> list[ast.Call]:
    """``A.f(...).eval().to(d)``: every call along the chain whose result the whole expression is."""
    calls = []
    while isinstance(value, ast.Call):
        calls.append(value)
        if not isinstance(value.func, ast.Attribute):
            break
        value = value.func.value
    return calls


def _module_level(body: list[ast.stmt], out: set[str]) -> None:
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(stmt.name)
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                out.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                out |= {a.asname or a.name.split(".")[0] for a in node.names}


def dotted(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [*dotted(node.value), node.attr]
    return ["?"]


# -- unless -------------------------------------------------------------------------------------


def unless(conditions: Unless, call: ast.Call, parsed: Parsed) -> Verdict:
    """Whether ``unless`` leaves this call alone, or has it reported (a keyword that may hold)."""
    if not conditions:
        return GO
    passed = next((k.arg for k in call.keywords if k.arg is not None and k.arg in conditions.passes), None)
    if passed is not None:
        return Verdict(skip=True)  # the call says it already: nothing was left
    file = facts(parsed)
    chained = _chained(conditions.chained, call, file) if conditions.chained else None
    if chained:
        return Verdict(skip=True, held=f"its result is placed with .{chained}() (`unless: chained`)")
    imported = next((m for m in conditions.imports if _imports(m, file)), None)
    if imported is not None:
        return Verdict(skip=True, held=f"the file imports {imported} (`unless: imports`)")
    used = next((p for p in conditions.uses if _uses(p, file)), None)
    if used is not None:
        return Verdict(skip=True, held=f"the file uses {used} (`unless: uses`)")
    return _keyword_verdict(conditions.keyword, call)


def requires(conditions: Unless, call: ast.Call, parsed: Parsed) -> Verdict:
    """Whether ``requires`` is met: a condition that holds lets the rule act; none: the call is left
    alone; a keyword that may hold (not a literal) has the call reported."""
    if not conditions:
        return GO
    held = unless(conditions, call, parsed)
    if held.report:
        return held
    return GO if held.skip else Verdict(skip=True)  # the rule is not for this call: nothing was left


def _chained(methods: tuple[str, ...], call: ast.Call, file: FileFacts) -> str:
    """The method of ``A.f(...).to(d)``, ``A.f(...).eval().cuda()``, or ``m = A.f(...)`` and
    ``m.to(d)`` in the file; empty when none."""
    outer: ast.Call | None = call
    while outer is not None and id(outer) in file.chained:
        method, outer = file.chained[id(outer)]
        if method in methods:
            return method
    assigned = file.assigned.get(id(call), ())
    return next((m for m in methods for t in assigned if t in file.receivers.get(m, ())), "")


def _imports(module: str, file: FileFacts) -> bool:
    return any(fnmatchcase(name, module) or name.startswith(module + ".") for name in file.imported)


def _uses(pattern: str, file: FileFacts) -> bool:
    pool = file.qualified if "." in pattern else file.names
    return any(fnmatchcase(name, pattern) for name in pool)


def _keyword_verdict(keywords: tuple[tuple[str, object], ...], call: ast.Call) -> Verdict:
    for name, wanted in keywords:
        kw = next((k for k in call.keywords if k.arg == name), None)
        if kw is None:
            continue
        try:
            value = ast.literal_eval(kw.value)
        except ValueError:
            return Verdict(report=f"{name}={ast.unparse(kw.value)} may be {wanted!r} (`unless: keyword`)")
        if same_value(value, wanted):
            return Verdict(skip=True, held=f"{name}={ast.unparse(kw.value)} (`unless: keyword`)")
    return GO


# -- expressions --------------------------------------------------------------------------------


def unbound_names(expr: str, scope: Scope, parsed: Parsed) -> list[str]:
    """The names ``expr`` reads that nothing binds at the call: not the function (or one around
    it), not the module, not an import, not a builtin."""
    reads = [n.id for n in ast.walk(ast.parse(expr.strip(), mode="eval")) if isinstance(n, ast.Name)]
    module = facts(parsed).module_names
    return [n for n in dict.fromkeys(reads) if not (scope.binds(n) or n in module or n in parsed.imports or n in _BUILTINS)]


def expression(expr: str) -> ast.expr:
    return ast.parse(expr.strip(), mode="eval").body
