"""Options that a function of one file adds to the parser another file passes it: FastChat's
``def add_model_args(parser): parser.add_argument("--model-path")``, called as ``add_model_args(parser)``
by ``cli.py`` and ``model_worker.py``, which then read ``args.model_path``.

In the file that defines the function, its parameter cannot be shown to be a parser, and the reads of
the option are in the files that call it. So the rule carries, per run, the functions whose every
call in the project passes a parser from a file where the reads can be followed (``helpers``,
``pkg.mod.add_model_args:0:dest:--model-path``) and those files (``consumers``; :mod:`cfgmigrate.option_flags`
decides): then the definition is renamed and each consumer's reads follow as if it had defined the
option itself. Where one call cannot be followed, none of it is done, and the definition is reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace

from cfgmigrate.engines.python.argparse_reads import Plan
from cfgmigrate.engines.python.argparse_scan import Module
from cfgmigrate.rules import Rename


def parameter_of(mod: Module, call: ast.Call) -> tuple[str, int] | None:
    """``(function, index)`` where the receiver of ``x.add_argument(...)`` is positional parameter
    ``index`` of a module-level function that never rebinds it."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    scope = mod.scope(call)
    fn = scope.node
    if not isinstance(receiver, ast.Name) or not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    if mod.functions.get(fn.name) is not fn:
        return None
    names = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    if receiver.id not in names or len(mod.sources.get((id(fn), receiver.id), [])) != 1:
        return None
    return fn.name, names.index(receiver.id)


def calls_to(mod: Module, helper: str) -> Iterator[tuple[ast.Call, ast.expr | None]]:
    """Each call of ``helper`` (``pkg.mod.f:0...``, also through a package's re-export ``pkg.f``) in the
    module, with the argument at the parameter's position (None when not passed plainly)."""
    index = _parts(helper)[1]
    wanted = qualified_names(helper)
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and mod.qualified(node.func, mod.scope(node)) in wanted:
            starred = any(isinstance(a, ast.Starred) for a in node.args[: index + 1])
            yield node, node.args[index] if index < len(node.args) and not starred else None


def qualified_names(helper: str) -> set[str]:
    """The names a call of the helper may resolve to: ``pkg.mod.f`` and its packages' re-exports ``pkg.f``."""
    function = _parts(helper)[0]
    module, _, name = function.rpartition(".")
    packages = module.split(".")
    return {f"{'.'.join(packages[:n])}.{name}" for n in range(1, len(packages) + 1)}


def consumes(mod: Module, rule: Rename, out: Plan) -> tuple[bool, bool]:
    """In a file that passes its parser to one of the rule's helpers, the option is its own: whether
    its dest follows (and whether one keeps it, an explicit ``dest=``); the functions that build the
    parser are recorded as for a definition."""
    follows = kept = False
    for helper in rule.helpers:
        for call, parser in calls_to(mod, helper):
            if parser is None or mod.kind(parser, mod.scope(call)) != "parser":
                name = helper.split(":")[0].rsplit(".", 1)[-1]
                out.warn(call.lineno, f"{name}() adds the option to something cfgmigrate cannot tell is an argparse parser")
                continue
            out.consumed = True
            dest = helper.split(":")[2] == "dest"
            follows, kept = follows or dest, kept or not dest
            out.spelled = out.spelled or helper.split(":")[3]
            top = mod.top_level(call)
            if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.builders |= {top.name, *mod.callers(top.name)}
            else:
                out.at_module_level = True
    return follows, kept


def function_names(rule: Rename) -> tuple[str, ...]:
    """The short names of the rule's helpers, held ones too (``add_model_args``)."""
    keys = (*rule.helpers, *(h.split("|")[1] for h in rule.held))
    return tuple(dict.fromkeys(k.split(":")[0].rsplit(".", 1)[-1] for k in keys))


def for_file(rule: Rename, relpath: str) -> Rename:
    """The rule as a file sees it: a held file sees its helper, to report why it holds it back."""
    held = tuple(h.split("|")[1] for h in rule.held if h.split("|")[0] == relpath)
    return replace(rule, helpers=(*rule.helpers, *held)) if held else rule


def _parts(helper: str) -> tuple[str, int]:
    function, index = helper.split(":")[:2]
    return function, int(index)
