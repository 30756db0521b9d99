"""Dicts filled in a helper: a function splats ``**init_kwargs`` into a matching call after passing
``init_kwargs`` to a function of the same file that writes its keys (``patch(init_kwargs)`` doing
``kwargs["torch_dtype"] = ...``). The helper's writes follow the rename when every call of the helper
in the file passes a dict that is splatted into a matching call; otherwise they are reported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from cfgmigrate.engines.python.parsed import Parsed, Scope


def helpers(
    parsed: Parsed, scope: Scope, names: set[str]
) -> Iterator[tuple[ast.Call, str, ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    """(call, dict name, helper, its parameter) for each call in ``scope`` that passes one of ``names``
    to a module-level function of this file."""
    functions = {s.name: s for s in parsed.tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for call in scope.calls:
        if not isinstance(call.func, ast.Name) or call.func.id not in functions or scope.binds(call.func.id):
            continue
        helper = functions[call.func.id]
        for name, parameter in _passed(call, helper):
            if name in names:
                yield call, name, helper, parameter


def _passed(call: ast.Call, helper: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[tuple[str, str]]:
    """(argument name, parameter name) for each plain name the call passes."""
    positional = [a.arg for a in [*helper.args.posonlyargs, *helper.args.args]]
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return
        if isinstance(arg, ast.Name) and i < len(positional):
            yield arg.id, positional[i]
    keywords = {a.arg for a in [*helper.args.args, *helper.args.kwonlyargs]}
    for kw in call.keywords:
        if kw.arg in keywords and isinstance(kw.value, ast.Name):
            yield kw.value.id, kw.arg


def other_calls(parsed: Parsed, helper: ast.FunctionDef | ast.AsyncFunctionDef, known: set[int]) -> list[int]:
    """Lines where the helper is used other than by the calls in ``known`` (ids): called with another
    dict, or passed around."""
    lines = []
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Name) and node.id == helper.name and isinstance(node.ctx, ast.Load):
            lines.append(node)
    calls = {id(c.func) for c in ast.walk(parsed.tree) if isinstance(c, ast.Call) and id(c) in known}
    return sorted(n.lineno for n in lines if id(n) not in calls)


def writer_names(parsed: Parsed, key: str) -> tuple[str, ...]:
    """The module-level functions whose text writes ``p["key"] = `` or ``p.update(key=`` for a parameter ``p``."""
    if key not in parsed.text:
        return ()
    write = re.compile(rf"""(\w+)\[\s*["']{re.escape(key)}["']\s*\]\s*=(?!=)|(\w+)\.update\([^)]*\b{re.escape(key)}\s*=""")
    out = []
    for stmt in parsed.tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            text = parsed.text[parsed.at.start(stmt) : parsed.at.end(stmt)]
            params = {a.arg for a in [*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs]}
            if any((m.group(1) or m.group(2)) in params for m in write.finditer(text)):
                out.append(stmt.name)
    return tuple(out)


def scope_of(parsed: Parsed, helper: ast.AST) -> Scope | None:
    return next((s for s in parsed.scopes if s.node is helper), None)
