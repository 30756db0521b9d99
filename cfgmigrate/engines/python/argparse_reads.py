"""The reads of an argparse namespace that follow its renamed dest (``args.old``, ``getattr(args, "old")``,
``vars(args)["old"]``, ``parser.set_defaults(old=...)``, ``parser.get_default("old")``), and the places where
the namespace leaves what one file shows (``**vars(args)``, passed to another module's function, stored
on an object, read through ``parse_args_into_dataclasses``), which are reported instead.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from cfgmigrate.engines.python.argparse_scan import Module
from cfgmigrate.engines.python.argparse_scopes import dotted
from cfgmigrate.types import Edit

ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "hasattr", "setattr", "delattr"})
SINKS = frozenset({"print", "str", "repr", "len", "type", "id", "isinstance", "pprint", "pformat"})
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "exception", "log"})
DICT_METHODS = frozenset({"get", "pop", "setdefault"})
PARSER_OWN = frozenset({"add_argument", "add_argument_group", "add_mutually_exclusive_group", "add_subparsers"})
PARSER_OWN |= {"parse_args", "parse_known_args", "parse_intermixed_args", "parse_known_intermixed_args", "get_default"}
PARSER_OWN |= {"set_defaults", "print_help", "print_usage", "format_help", "format_usage", "error", "exit", "add_parser"}


@dataclass
class Plan:
    """What one rule does to one module: edits (with their line and message), reports, or a conflict."""

    edits: list[tuple[Edit, int, str, ast.AST, str]] = field(default_factory=list)  # edit, line, message, node, new value
    warnings: list[tuple[int, str]] = field(default_factory=list)
    conflict: tuple[int, str] | None = None
    builders: set[str] = field(default_factory=set)  # module-level functions that build a parser defining --old
    spelled: str = ""  # the option as the file first spells it (``--model-path``)
    new_flag: str = ""  # the new option where the old one has no separator (``--lang`` -> ``--keep-lang``)
    consumed: bool = False  # the file passes its parser to one of the rule's helpers (the option is its own)
    helpers: list[tuple[str, int]] = field(default_factory=list)  # ``pkg.mod.f:0`` whose parameter gets the option, line
    at_module_level: bool = False  # a definition outside any function (the script's own parser)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, message))

    @property
    def defines(self) -> bool:
        return bool(self.builders) or self.at_module_level


def edit_string(out: Plan, node: ast.Constant, value: str, at: object, text: str, message: str) -> None:
    start, end = at.start(node), at.end(node)  # type: ignore[attr-defined]
    source = text[start:end]
    if source[:1] not in ("'", '"') or source[:3] in ('"""', "'''") or "\\" in source or len(source) != len(str(node.value)) + 2:
        out.warn(node.lineno, f"cannot edit the string {source}")
        return
    out.edits.append((Edit(start + 1, end - 1, value), node.lineno, message, node, value))


def follow_reads(mod: Module, out: Plan, old: str, new: str, at: object, text: str) -> None:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            _parser_method(mod, out, node, old, new, at, text)
        if not isinstance(node, (ast.Name, ast.Call, ast.Subscript)) or not isinstance(
            getattr(node, "ctx", ast.Load()), ast.Load
        ):
            continue
        kind = mod.kind(node, mod.scope(node))
        parent = mod.parent.get(id(node))
        shown = shown_as(node)
        if kind == "maybe" and not (isinstance(parent, ast.Attribute) and parent.attr != old):
            out.warn(node.lineno, f"{shown} holds the parser's namespace here and other values elsewhere")
            continue
        if kind != "namespace":
            continue
        if isinstance(parent, ast.Attribute):
            if parent.attr == old:
                end = at.end(parent)  # type: ignore[attr-defined]
                edit = Edit(end - len(old), end, new)
                out.edits.append((edit, parent.lineno, f"renamed {shown}.{old} to {shown}.{new}", parent, new))
        elif isinstance(parent, ast.keyword) or isinstance(parent, ast.Call) and node in parent.args:
            call = parent if isinstance(parent, ast.Call) else mod.parent.get(id(parent))
            assert isinstance(call, ast.Call)
            _passed(mod, out, node, call, old, new, at, text)
        elif isinstance(parent, ast.Tuple) and isinstance(mod.parent.get(id(parent)), (ast.Return, ast.Assign)):
            continue  # ``return args, worker``, ``a, b = args, 1``: the tuple's items are followed where it is unpacked
        elif isinstance(parent, ast.Return):
            continue  # a function of this file: its callers here are followed, those elsewhere reported below
        elif isinstance(parent, (ast.Assign, ast.AnnAssign)) and all(isinstance(t, ast.Name) for t in _targets(parent)):
            continue  # the names it is assigned to hold the namespace (their reads are followed) or are reported
        elif not isinstance(parent, (ast.FormattedValue, ast.Compare, ast.Expr, ast.If, ast.While, ast.Assert, ast.Delete)):
            out.warn(
                node.lineno,
                f"the namespace {shown} is used here in a way cfgmigrate cannot follow",
            )


def shown_as(node: ast.expr) -> str:
    """How a report names an expression: ``args``, ``parser.parse_args()``."""
    text = node.id if isinstance(node, ast.Name) else ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."


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
                out.edits.append(
                    (Edit(start, start + len(old), new), k.lineno, f"renamed set_defaults({old}=...) to {new}=", k, new)
                )
            elif k.arg is None:
                out.warn(call.lineno, f"set_defaults(**...) may set {old}")
    elif method == "get_default":
        _literal_name(out, call, 0, old, new, at, text, "get_default")
    elif method not in PARSER_OWN:
        out.warn(call.lineno, f"the options are read through {method}(), which cfgmigrate does not follow")


def _literal_name(out: Plan, call: ast.Call, i: int, old: str, new: str, at: object, text: str, how: str) -> None:
    arg = call.args[i] if len(call.args) > i else None
    if isinstance(arg, ast.Constant) and arg.value == old:
        edit_string(out, arg, new, at, text, f'renamed "{old}" to "{new}" in {how}')
    elif not isinstance(arg, ast.Constant):
        out.warn(call.lineno, f"{how} with a name cfgmigrate cannot read may be {old}")


def _passed(mod: Module, out: Plan, node: ast.expr, call: ast.Call, old: str, new: str, at: object, text: str) -> None:
    func = dotted(call.func)
    name = ".".join(func)
    if name in ATTRIBUTE_FUNCTIONS and call.args[:1] == [node]:
        _literal_name(out, call, 1, old, new, at, text, f"{name}({shown_as(node)}, ...)")
    elif name == "vars" and call.args[:1] == [node]:
        _vars(mod, out, node, call, old, new, at, text)
    elif len(func) == 1 and func[0] in mod.functions and mod.kind(node, mod.scope(node)) == "namespace":
        if not _takes_namespace(mod, func[0], call, node):
            out.warn(
                call.lineno,
                f"{shown_as(node)} is passed to {name}, which is called with other values too",
            )
    elif name not in SINKS and not (func and func[-1] in LOG_METHODS) and func[-1:] != ["format"]:
        out.warn(
            call.lineno, f"{shown_as(node)} is passed to {name or 'a call'}, whose reads of .{old} cfgmigrate does not follow"
        )


def _takes_namespace(mod: Module, fn_name: str, call: ast.Call, node: ast.expr) -> bool:
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


def _vars(mod: Module, out: Plan, node: ast.expr, call: ast.Call, old: str, new: str, at: object, text: str) -> None:
    parent = mod.parent.get(id(call))
    shown = f"vars({shown_as(node)})"
    if isinstance(parent, ast.Subscript) and parent.value is call:
        key = parent.slice
        if isinstance(key, ast.Constant) and key.value == old:
            edit_string(out, key, new, at, text, f'renamed {shown}["{old}"] to {shown}["{new}"]')
        elif not isinstance(key, ast.Constant):
            out.warn(call.lineno, f"{shown}[...] with a key cfgmigrate cannot read may be {old}")
        return
    grand = mod.parent.get(id(parent)) if parent is not None else None
    if isinstance(parent, ast.Attribute) and parent.attr in DICT_METHODS and isinstance(grand, ast.Call):
        _literal_name(out, grand, 0, old, new, at, text, f"{shown}.{parent.attr}")
        return
    if isinstance(parent, ast.Compare) and parent.comparators == [call] and isinstance(parent.left, ast.Constant):
        if parent.left.value == old:
            edit_string(out, parent.left, new, at, text, f'renamed "{old}" in {shown}')
        return
    if isinstance(parent, ast.keyword) and parent.arg is None:
        out.warn(call.lineno, f"**{shown} passes {old}= to {_callee(grand)}")
        return
    if isinstance(parent, ast.Call) and ".".join(dotted(parent.func)).split(".")[-1] in SINKS | LOG_METHODS:
        return
    out.warn(call.lineno, f"{shown} hands the namespace's keys to code cfgmigrate cannot follow")


def _callee(call: ast.AST | None) -> str:
    return ".".join(dotted(call.func)) or "a call" if isinstance(call, ast.Call) else "a call"
