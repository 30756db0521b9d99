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
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.python import guard
from cfgmigrate.engines.python.argparse_scan import Module, dotted
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.shell.flags import spellings
from cfgmigrate.rules import Rename
from cfgmigrate.types import Change, Edit

ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})
SINKS = frozenset({"print", "str", "repr", "len", "type", "id", "isinstance", "pprint", "pformat"})
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "exception", "log"})
DICT_METHODS = frozenset({"get", "pop", "setdefault"})
PARSER_OWN = frozenset({"add_argument", "add_argument_group", "add_mutually_exclusive_group", "add_subparsers"})
PARSER_OWN |= {"parse_args", "parse_known_args", "parse_intermixed_args", "parse_known_intermixed_args", "get_default"}
PARSER_OWN |= {"set_defaults", "print_help", "print_usage", "format_help", "format_usage", "error", "exit", "add_parser"}


def module_name(relpath: str) -> str:
    """``fastchat/serve/cli.py`` -> ``fastchat.serve.cli`` (under ``src/`` too; a package's ``__init__``)."""
    parts = relpath.removesuffix(".py").split("/")
    parts = parts[1:] if parts[:1] == ["src"] else parts
    parts = parts[:-1] if parts[-1:] == ["__init__"] and len(parts) > 1 else parts
    return ".".join(parts)


def names_parser(rule: Rename, relpath: str) -> bool:
    """Whether the rule's ``parsers:`` patterns name this file (its path or its module name)."""
    return any(fnmatchcase(k, p) for p in rule.parsers for k in (relpath, module_name(relpath)))


@dataclass
class Plan:
    """What one rule does to one module: edits (with their line and message), reports, or a conflict."""

    edits: list[tuple[Edit, int, str, ast.AST, str]] = field(default_factory=list)  # edit, line, message, node, new value
    warnings: list[tuple[int, str]] = field(default_factory=list)
    conflict: tuple[int, str] | None = None
    builders: set[str] = field(default_factory=set)  # module-level functions that build a parser defining --old
    at_module_level: bool = False  # a definition outside any function (the script's own parser)

    @property
    def defines(self) -> bool:
        return bool(self.builders) or self.at_module_level


def plan(rule: Rename, tree: ast.Module, text: str, at: object) -> Plan:
    """The edits that rename the option in this module, the places reported, or the conflict."""
    old, new = rule.path.last, rule.target.last
    mod, out = Module(tree), Plan()
    follows, kept = False, False
    for call, receiver_known in _add_argument_calls(mod):
        strings = _option_strings(call)
        values = [s.value for s in strings]
        if any(v in spellings(new) for v in values) or _keyword(call, "dest") == new:
            out.conflict = (call.lineno, f"cannot rename --{old} to --{new}: this file already defines --{new} (line {call.lineno})")
        ours = [s for s in strings if s.value in spellings(old)]
        if not ours:
            continue
        if not receiver_known:
            who = ".".join(dotted(call.func)) or "add_argument"
            out.warnings.append((call.lineno, f"cannot tell that {who.removesuffix('.add_argument')} is an argparse parser; --{old} left as it was"))
            continue
        first_long = next((v for v in values if v.startswith("--")), None)
        explicit = call.keywords and any(k.arg == "dest" for k in call.keywords)
        follows, kept = follows or (not explicit and first_long in spellings(old)), kept or bool(explicit) or first_long not in spellings(old)
        for s in ours:
            renamed = _styled(s.value, old, new)
            _edit_string(out, s, renamed, at, text, f"renamed option {s.value} to {renamed}")
        top = mod.top_level(call)
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.builders |= {top.name, *_callers(mod, top.name)}
        else:
            out.at_module_level = True
    if out.conflict is not None or not out.edits or not follows:
        return out
    if kept:
        out.warnings.append((out.edits[0][1], f"another definition keeps the dest {old}; reads of {old} left as they were"))
        return out
    _follow_reads(mod, out, old, new, at, text)
    out.edits.sort(key=lambda e: e[0].start)
    return out


def _add_argument_calls(mod: Module) -> Iterator[tuple[ast.Call, bool]]:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument":
            yield node, mod.kind(node.func.value, mod.scope(node)) == "parser"


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


def _styled(spelled: str, old: str, new: str) -> str:
    return "--" + (new.replace("_", "-") if spelled != f"--{old}" else new)


def _callers(mod: Module, name: str) -> set[str]:
    """The module-level functions that call ``name`` (and those that call them), in this file."""
    found: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        for call in mod.calls_of(current):
            top = mod.top_level(call)
            if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.name not in found | {name}:
                found.add(top.name)
                todo.append(top.name)
    return found


def _edit_string(out: Plan, node: ast.Constant, value: str, at: object, text: str, message: str) -> None:
    start, end = at.start(node), at.end(node)  # type: ignore[attr-defined]
    source = text[start:end]
    if source[:1] not in ("'", '"') or source[:3] in ('"""', "'''") or "\\" in source or len(source) != len(node.value) + 2:
        out.warnings.append((node.lineno, f"cannot edit the string {source}; left as it was"))
        return
    out.edits.append((Edit(start + 1, end - 1, value), node.lineno, message, node, value))


def _follow_reads(mod: Module, out: Plan, old: str, new: str, at: object, text: str) -> None:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            _parser_method(mod, out, node, old, new, at, text)
        if not (isinstance(node, ast.Name) and mod.kind(node, mod.scope(node)) == "namespace"):
            continue
        parent = mod.parent.get(id(node))
        if isinstance(parent, ast.Attribute):
            if parent.attr == old:
                end = at.end(parent)  # type: ignore[attr-defined]
                edit = Edit(end - len(old), end, new)
                out.edits.append((edit, parent.lineno, f"renamed {node.id}.{old} to {node.id}.{new}", parent, new))
        elif isinstance(parent, ast.keyword) or isinstance(parent, ast.Call) and node in parent.args:
            call = parent if isinstance(parent, ast.Call) else mod.parent.get(id(parent))
            assert isinstance(call, ast.Call)
            _passed(mod, out, node, call, old, new, at, text)
        elif isinstance(parent, ast.Return):
            where = mod.top_level(parent)
            name = getattr(where, "name", "")
            out.warnings.append(
                (parent.lineno, f"{name or 'this function'} returns the namespace {node.id}: reads of .{old} where it is called from other files are not followed")
            )
        elif isinstance(parent, (ast.Assign, ast.AnnAssign)) and all(isinstance(t, ast.Name) for t in _targets(parent)):
            if any(mod.kind(t, mod.scope(t)) != "namespace" for t in _targets(parent)):
                out.warnings.append((parent.lineno, f"{node.id} is assigned to a name that also holds other values; its reads of .{old} are not followed"))
        elif not isinstance(parent, (ast.FormattedValue, ast.Compare, ast.Expr, ast.If, ast.While, ast.Assert, ast.Delete)):
            out.warnings.append((node.lineno, f"the namespace {node.id} is used here in a way cfgmigrate cannot follow; its reads of .{old} are not followed"))


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]


def _parser_method(mod: Module, out: Plan, call: ast.Call, old: str, new: str, at: object, text: str) -> None:
    assert isinstance(call.func, ast.Attribute)
    if mod.kind(call.func.value, mod.scope(call)) != "parser":
        return
    method = call.func.attr
    if method == "set_defaults":
        for k in call.keywords:
            if k.arg == old:
                start = at.start(k)  # type: ignore[attr-defined]
                out.edits.append((Edit(start, start + len(old), new), k.lineno, f"renamed set_defaults({old}=...) to {new}=", k, new))
            elif k.arg is None:
                out.warnings.append((call.lineno, f"set_defaults(**...) may set {old}; left as it was"))
    elif method == "get_default":
        _literal_name(out, call, 0, old, new, at, text, "get_default")
    elif method not in PARSER_OWN:
        out.warnings.append((call.lineno, f"the options are read through {method}(); its reads of {old} are not followed"))


def _literal_name(out: Plan, call: ast.Call, i: int, old: str, new: str, at: object, text: str, how: str) -> None:
    arg = call.args[i] if len(call.args) > i else None
    if isinstance(arg, ast.Constant) and arg.value == old:
        _edit_string(out, arg, new, at, text, f'renamed "{old}" to "{new}" in {how}')
    elif not isinstance(arg, ast.Constant):
        out.warnings.append((call.lineno, f"{how} with a name cfgmigrate cannot read may be {old}; left as it was"))


def _passed(mod: Module, out: Plan, node: ast.Name, call: ast.Call, old: str, new: str, at: object, text: str) -> None:
    func = dotted(call.func)
    name = ".".join(func)
    if name in ATTRIBUTE_FUNCTIONS and call.args[:1] == [node]:
        _literal_name(out, call, 1, old, new, at, text, f"{name}({node.id}, ...)")
    elif name == "vars" and call.args[:1] == [node]:
        _vars(mod, out, node, call, old, new, at, text)
    elif len(func) == 1 and func[0] in mod.functions and mod.kind(node, mod.scope(node)) == "namespace":
        if not _takes_namespace(mod, func[0], call, node):
            out.warnings.append((call.lineno, f"{node.id} is passed to {name}, which is called with other values too; its reads of .{old} are not followed"))
    elif name not in SINKS and not (func and func[-1] in LOG_METHODS) and func[-1:] != ["format"]:
        out.warnings.append((call.lineno, f"{node.id} is passed to {name or 'a call'}; its reads of .{old} there are not followed"))


def _takes_namespace(mod: Module, fn_name: str, call: ast.Call, node: ast.Name) -> bool:
    fn = mod.functions[fn_name]
    params = [*fn.args.posonlyargs, *fn.args.args]
    if node in call.args:
        i = call.args.index(node)
        if any(isinstance(a, ast.Starred) for a in call.args[: i + 1]) or i >= len(params):
            return False
        param = params[i]
    else:
        kw = next(k for k in call.keywords if k.value is node)
        param = next((p for p in [*params, *fn.args.kwonlyargs] if p.arg == kw.arg), None)  # type: ignore[assignment]
        if param is None:
            return False
    return mod.kinds.get((id(fn), param.arg)) == "namespace"


def _vars(mod: Module, out: Plan, node: ast.Name, call: ast.Call, old: str, new: str, at: object, text: str) -> None:
    parent = mod.parent.get(id(call))
    shown = f"vars({node.id})"
    if isinstance(parent, ast.Subscript) and parent.value is call:
        key = parent.slice
        if isinstance(key, ast.Constant) and key.value == old:
            _edit_string(out, key, new, at, text, f'renamed {shown}["{old}"] to {shown}["{new}"]')
        elif not isinstance(key, ast.Constant):
            out.warnings.append((call.lineno, f"{shown}[...] with a key cfgmigrate cannot read may be {old}; left as it was"))
        return
    grand = mod.parent.get(id(parent)) if parent is not None else None
    if isinstance(parent, ast.Attribute) and parent.attr in DICT_METHODS and isinstance(grand, ast.Call):
        _literal_name(out, grand, 0, old, new, at, text, f"{shown}.{parent.attr}")
        return
    if isinstance(parent, ast.Compare) and parent.comparators == [call] and isinstance(parent.left, ast.Constant):
        if parent.left.value == old:
            _edit_string(out, parent.left, new, at, text, f'renamed "{old}" in {shown}')
        return
    if isinstance(parent, ast.keyword) and parent.arg is None:
        out.warnings.append((call.lineno, f"**{shown} passes {old}= to {_callee(grand)}; left as it was"))
        return
    if isinstance(parent, ast.Call) and ".".join(dotted(parent.func)).split(".")[-1] in SINKS | LOG_METHODS:
        return
    out.warnings.append((call.lineno, f"{shown} leaves the namespace's keys to code cfgmigrate cannot follow; {old} left as it was"))


def _callee(call: ast.AST | None) -> str:
    return ".".join(dotted(call.func)) or "a call" if isinstance(call, ast.Call) else "a call"


def apply(rule: Rename, parsed: Parsed, relpath: str, report: Report) -> Parsed:
    """The Python engine's pass for a ``parsers:`` rule on one module."""
    if not names_parser(rule, relpath) or not any(s in parsed.text for s in spellings(rule.path.last)):
        return parsed
    found = plan(rule, parsed.tree, parsed.text, parsed.at)
    if found.conflict is not None:
        report.error(rule, found.conflict[0], found.conflict[1] + "; file left as it was")
        return parsed
    for line, message in found.warnings:
        report.warn(rule, line, message)
    if not found.edits:
        return parsed
    edits = {e: (Change(rule.id, line, message), _action(node, value)) for e, line, message, node, value in found.edits}
    try:
        text = apply_edits(parsed.text, edits)
        out = guard.checked(parsed, text, [a for _, a in edits.values()], [o for e in edits for o in (e.start, e.end - 1)])
    except (OverlappingEdits, guard.GuardError) as e:
        report.error(rule, getattr(e, "line", 0), f"{e}; file left as it was")
        return parsed
    report.changes += [c for c, _ in edits.values()]
    return out


def _action(node: ast.AST, value: str) -> guard.Action:
    if isinstance(node, ast.Constant):
        return guard.set_string(node, value)
    if isinstance(node, ast.keyword):
        return guard.rename_keyword(node, value)

    def act() -> None:
        assert isinstance(node, ast.Attribute)
        node.attr = value

    return act
