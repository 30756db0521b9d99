"""The argparse-option form of ``rename`` (``parsers:``): ``parser.add_argument("--old", ...)`` becomes
``--new`` (the dashed spelling kept, aliases such as ``-o`` left), and since argparse derives the dest
from the first long option, the reads of the namespace the file's parsers return follow:
``args.old``, ``getattr(args, "old")``, ``vars(args)["old"]``, ``parser.set_defaults(old=...)``.
With an explicit ``dest=`` only the flag changes. Where the namespace leaves what the file shows
(``**vars(args)``, passed to a function of another module, stored on an object, returned), the
place is reported with file, line and rule. A file that already defines ``--new`` is an error.
Only the parsers :mod:`.argparse_scan` resolves are touched; an ``add_argument("--old")`` on
anything else is reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from fnmatch import fnmatchcase

from cfgmigrate.engines.python import argparse_helpers as helpers
from cfgmigrate.engines.python import guard
from cfgmigrate.engines.python.argparse_reads import Plan, edit_string, follow_reads, shown_as
from cfgmigrate.engines.python.argparse_scan import Module
from cfgmigrate.engines.python.argparse_scopes import dotted
from cfgmigrate.engines.python.carry import carry_out
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.shell.flags import spellings
from cfgmigrate.rules import Rename
from cfgmigrate.types import Change


def module_name(relpath: str) -> str:
    """``fastchat/serve/cli.py`` -> ``fastchat.serve.cli`` (under ``src/`` too; a package's ``__init__``)."""
    parts = relpath.removesuffix(".py").split("/")
    parts = parts[1:] if parts[:1] == ["src"] else parts
    parts = parts[:-1] if parts[-1:] == ["__init__"] and len(parts) > 1 else parts
    return ".".join(parts)


def names_parser(rule: Rename, relpath: str) -> bool:
    """Whether the rule's ``parsers:`` patterns name this file (its path or its module name)."""
    return any(fnmatchcase(k, p) for p in rule.parsers for k in (relpath, module_name(relpath)))


def plan(rule: Rename, tree: ast.Module, text: str, at: object, relpath: str = "") -> Plan:
    """The edits that rename the option in this module, the places reported (in line order, one per
    reason), or the conflict. ``relpath`` names the module, for the rule's ``helpers``."""
    out = _plan(rule, tree, text, at, module_name(relpath) if relpath else "")
    out.warnings = _first_of_each(out.warnings)
    return out


def _plan(rule: Rename, tree: ast.Module, text: str, at: object, module: str) -> Plan:
    old, new = rule.path.last, rule.target.last
    mod, out = Module(tree), Plan()
    follows, kept = helpers.consumes(mod, rule, out)
    dashed = _dashed(mod)
    for call, receiver_known in _add_argument_calls(mod):
        strings = _option_strings(call)
        values = [str(s.value) for s in strings]
        ours = [s for s in strings if s.value in spellings(old)]
        other_dest = not ours and _keyword(call, "dest") == new  # the option's own dest= may already be the new name
        taken = next((v for v in values if v in spellings(new)), None) or (other_dest and f"dest={new}")
        if taken and out.conflict is None:
            out.conflict = (call.lineno, str(taken))
        if not ours:
            continue
        out.spelled = out.spelled or str(ours[0].value)
        first_long = next((v for v in values if v.startswith("--")), None)
        explicit = bool(call.keywords) and any(k.arg == "dest" for k in call.keywords)
        dest_follows = not explicit and first_long in spellings(old)
        helper = helpers.parameter_of(mod, call)
        how = "dest" if dest_follows else "flag"
        key = f"{module}.{helper[0]}:{helper[1]}:{how}:{out.spelled}" if helper and module else ""
        if key:
            out.helpers.append((key, call.lineno))
        if not receiver_known and not (key and key in rule.helpers):
            out.warn(call.lineno, f"cannot tell that {_receiver(mod, call)} is an argparse parser")
            continue
        follows, kept = follows or dest_follows, kept or not dest_follows
        for s in ours:
            renamed = _styled(str(s.value), old, new, dashed)
            out.new_flag = out.new_flag or (renamed if old.replace("_", "-") == old else "")
            edit_string(out, s, renamed, at, text, f"renamed option {s.value!s} to {renamed}")
        top = mod.top_level(call)
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.builders |= {top.name, *mod.callers(top.name)}
        else:
            out.at_module_level = True
    if out.conflict is not None:
        spelled = out.spelled or f"--{old}"
        line, taken = out.conflict
        out.conflict = (
            line,
            f"cannot rename {spelled} to {_styled(spelled, old, new, dashed)}: this file already defines {taken}",
        )
    if out.edits and out.conflict is None:
        _parsers_passed_on(mod, rule, out)
    if out.conflict is not None or not (out.edits or out.consumed) or not follows:
        return out
    if kept:
        out.warn(out.edits[0][1], f"another definition keeps the dest {old}")
        return out
    follow_reads(mod, out, old, new, at, text)
    for name, fn in mod.functions.items():
        kind = mod.returns.get(name) or ""
        kind = "namespace" if "namespace" in kind else "parser" if "parser" in kind else ""
        if kind and not any(mod.calls_of(name)):
            out.warn(
                fn.lineno,
                f"{name}() returns the {kind} to the files that call it, whose reads of .{old} cfgmigrate does not follow",
            )
    out.edits.sort(key=lambda e: e[0].start)
    return out


def _parsers_passed_on(mod: Module, rule: Rename, out: Plan) -> None:
    """A parser the file hands to a function of another module (``add_cli_args(parser)``) may get the
    old option (with ``conflict_handler="resolve"``) or the new one there: reported, unless that
    function is one of the project's that spells neither (``rule.safe_callees``, set per run)."""
    approved = {name for key in rule.helpers for name in helpers.qualified_names(key)}
    for call in (n for n in ast.walk(mod.tree) if isinstance(n, ast.Call)):
        scope = mod.scope(call)
        passed = [a for a in (*call.args, *(k.value for k in call.keywords)) if isinstance(a, ast.Name)]
        if not any(mod.kind(a, scope) == "parser" for a in passed):
            continue
        if (
            isinstance(call.func, ast.Name)
            and call.func.id in mod.functions
            and mod.scope(call).owner(call.func.id) is mod.module
        ):
            continue  # a function of this file: its add_argument calls are read here
        if mod.qualified(call.func, scope) in approved or mod.qualified(call.func, scope) in rule.safe_callees:
            continue
        name = ".".join(dotted(call.func)) or "a call"
        out.warn(call.lineno, f"the parser is passed to {name}, which may define {out.spelled} or its new name too")


def _first_of_each(warnings: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The reports in line order, one per reason (the first place it holds)."""
    first: dict[str, int] = {}
    for line, message in sorted(warnings):
        first.setdefault(message, line)
    return sorted((line, message) for message, line in first.items())


def _add_argument_calls(mod: Module) -> Iterator[tuple[ast.Call, bool]]:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument":
            yield node, mod.kind(node.func.value, mod.scope(node)) == "parser"


def _receiver(mod: Module, call: ast.Call) -> str:
    """How a report names the receiver of ``x.add_argument``: ``parser (a parameter of add_model_args)``."""
    assert isinstance(call.func, ast.Attribute)
    shown = ".".join(dotted(call.func.value)) or "the receiver"
    scope = mod.scope(call)
    if isinstance(call.func.value, ast.Name):
        sources = mod.sources.get(mod.binding(shown, scope), [])
        others = [s for s in sources if isinstance(s, ast.expr) and not _makes_parser(mod, s)]
        if others and len(sources) > 1:
            return f"{shown} (also assigned {shown_as(others[0])} on line {others[0].lineno})"
    if isinstance(call.func.value, ast.Name) and isinstance(scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        params = scope.node.args
        if shown in {a.arg for a in [*params.posonlyargs, *params.args, *params.kwonlyargs]}:
            return f"{shown} (a parameter of {scope.node.name})"
    return shown


def _makes_parser(mod: Module, value: ast.expr) -> bool:
    return mod.kind(value, mod.scope(value)) == "parser"


def _option_strings(call: ast.Call) -> list[ast.Constant]:
    out = []
    for a in call.args:
        if not (isinstance(a, ast.Constant) and isinstance(a.value, str)):
            break
        out.append(a)
    return out


def _keyword(call: ast.Call, name: str) -> object:
    value = next((k.value for k in call.keywords if k.arg == name), None)
    return value.value if isinstance(value, ast.Constant) else None


def _styled(spelled: str, old: str, new: str, dashed: bool = True) -> str:
    """The new option in the old one's style; an old one with neither ``_`` nor ``-`` (``--lang``) takes
    the style of the file's other options (``dashed``)."""
    if old.replace("_", "-") == old:
        return "--" + (new.replace("_", "-") if dashed else new)
    return "--" + (new.replace("_", "-") if spelled != f"--{old}" else new)


def _dashed(mod: Module) -> bool:
    """Whether the file's long options are spelled with dashes (``--in-file``), as argparse's are by
    convention, rather than underscores (``--in_file``)."""
    words = [
        str(s.value)[2:] for call, _ in _add_argument_calls(mod) for s in _option_strings(call) if str(s.value).startswith("--")
    ]
    return sum("-" in w for w in words) >= sum("_" in w for w in words)


def apply(rule: Rename, parsed: Parsed, relpath: str, report: Report) -> Parsed:
    """The Python engine's pass for a ``parsers:`` rule on one module."""
    involved = relpath in rule.consumers or any(h.split("|")[0] == relpath for h in rule.held)
    if not (involved or names_parser(rule, relpath)):
        return parsed
    if not involved and not any(s in parsed.text for s in spellings(rule.path.last)):
        return parsed
    found = plan(helpers.for_file(rule, relpath), parsed.tree, parsed.text, parsed.at, relpath)
    if found.conflict is not None:
        report.error(rule, found.conflict[0], found.conflict[1] + "; file left as it was")
        return parsed
    for line, message in found.warnings:  # a rename that is not sure is not made: the file stays whole
        report.warn(rule, line, f"{message}; {found.spelled or '--' + rule.path.last} left as it was in this file")
    if not found.edits or found.warnings:
        return parsed
    edits = {e: (Change(rule.id, line, message), _action(node, value)) for e, line, message, node, value in found.edits}
    return carry_out(parsed, edits, report, rule)


def _action(node: ast.AST, value: str) -> guard.Action:
    if isinstance(node, ast.Constant):
        return guard.set_string(node, value)
    if isinstance(node, ast.keyword):
        return guard.rename_keyword(node, value)

    def act() -> None:
        assert isinstance(node, ast.Attribute)
        node.attr = value

    return act
