"""Flags that follow a renamed argparse option: a ``rename`` with ``parsers:`` renames
``add_argument("--old")`` in the Python files it names, and the programs those files are get the
``--old`` flag renamed wherever they are run (shell scripts, Markdown fences, Makefiles, notebooks,
docstrings, ``subprocess`` lists), with no ``programs:`` in the rule, as :mod:`cfgmigrate.bound_flags`
does for a bound field. Which files define the option is a fact of the project, so it is read once
per run, before the engines prepare: the rule gets, as ``programs:``, each defining file's path and
the qualified names of the module-level functions that build its parser (``=pkg.serve.main``: a
program whose own source calls it parses the option too; not one that merely imports a module that
does). A file the rename would leave as it was (a conflict, a parser it cannot resolve) names no
program, so its flags stay.

A function that adds the option to the parser it is given (``add_model_args(parser)``) is a helper
(:mod:`cfgmigrate.engines.python.argparse_helpers`) when every file of the run that calls it passes
a parser whose reads can be followed; those files are its consumers, and programs too. Where one
cannot, that file is ``held``: it reports why, and the helper stays as it was.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from cfgmigrate.discover import in_scope
from cfgmigrate.engines.python.argparse_helpers import calls_to
from cfgmigrate.engines.python.argparse_options import module_name, names_parser, plan
from cfgmigrate.engines.python.argparse_reads import Plan
from cfgmigrate.engines.python.argparse_scan import Module
from cfgmigrate.engines.python.offsets import Offsets
from cfgmigrate.engines.shell.flags import spellings
from cfgmigrate.engines.shell.programs import DIRECT
from cfgmigrate.rules import Rename, Rule, RulePack

MAX_BYTES = 2_000_000
Read = Callable[[str], str | None]


def with_option_programs(packs: Sequence[RulePack], read: Read, relpaths: Sequence[str]) -> tuple[RulePack, ...]:
    """The packs, each ``parsers:`` rule with the programs that define its option added."""
    out = []
    for pack in packs:
        rules = tuple(_with_programs(r, pack, read, relpaths) for r in pack.rules)
        out.append(replace(pack, rules=rules) if rules != pack.rules else pack)
    return tuple(out)


def _with_programs(rule: Rule, pack: RulePack, read: Read, relpaths: Sequence[str]) -> Rule:
    if not isinstance(rule, Rename) or not rule.parsers:
        return rule
    scoped = [r for r in relpaths if r.endswith(".py") and in_scope(r, rule.files or pack.files)]
    defining = [r for r in scoped if names_parser(rule, r)]
    rule = _with_helpers(rule, defining, scoped, read)
    rule = replace(rule, safe_callees=_safe_callees(rule, defining, read))
    found: list[str] = []
    new_flag = ""
    for relpath in dict.fromkeys((*defining, *rule.consumers)):
        programs, spelled = _defining(rule, relpath, read(relpath))
        found += programs
        new_flag = new_flag or spelled
    if not found:
        return rule
    return replace(rule, programs=tuple(dict.fromkeys((*rule.programs, *found))), new_flag=rule.new_flag or new_flag)


def _with_helpers(rule: Rename, defining: list[str], scoped: list[str], read: Read) -> Rename:
    """The rule with the helpers every call of which can be followed and the files that call them, or,
    where one call cannot, that file (``held``: it reports why, and the helper stays)."""
    candidates = [key for relpath in defining for key in _helper_candidates(rule, relpath, read(relpath))]
    helpers: list[str] = []
    consumers: list[str] = []
    held: list[str] = []
    for key in candidates:
        mine, holding = _consumers(replace(rule, helpers=(key,)), key, scoped, read)
        if holding:
            held.append(f"{holding}|{key}")
        elif mine:
            helpers.append(key)
            consumers += mine
    if not (helpers or held):
        return rule
    return replace(rule, helpers=tuple(helpers), consumers=tuple(dict.fromkeys(consumers)), held=tuple(held))


def _helper_candidates(rule: Rename, relpath: str, text: str | None) -> list[str]:
    """The functions of a file that add the option to a parameter, where nothing else holds the file back."""
    found = _plan(rule, relpath, text)
    if found is None or found.conflict is not None or not found.helpers:
        return []
    lines = {line for _, line in found.helpers}
    return [key for key, _ in found.helpers] if all(line in lines for line, _ in found.warnings) else []


def _consumers(rule: Rename, key: str, scoped: list[str], read: Read) -> tuple[list[str], str]:
    """The files that call the helper, and the first one whose call or reads cannot be followed ('' when none)."""
    name = key.split(":")[0].rsplit(".", 1)[-1]
    out = []
    for relpath in scoped:
        text = read(relpath)
        if text is None or name not in text or len(text) > MAX_BYTES:
            continue
        tree = _parsed(text)
        if tree is None or not any(calls_to(Module(tree), key)):
            continue
        found = plan(rule, tree, text, Offsets(text), relpath)
        if found.conflict is not None or found.warnings:
            return [], relpath
        out.append(relpath)
    return out, ""


def _safe_callees(rule: Rename, defining: list[str], read: Read) -> tuple[str, ...]:
    """The project functions the defining files pass a parser to that cannot add the old or the new
    option: defined (``def name``) in a project module that spells neither."""
    out: list[str] = []
    flags = (*spellings(rule.path.last), *spellings(rule.target.last))
    for relpath in defining:
        text = read(relpath)
        tree = _parsed(text) if text is not None and len(text) <= MAX_BYTES else None
        if tree is None:
            continue
        mod = Module(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if not any(isinstance(a, ast.Name) and mod.kind(a, mod.scope(call)) == "parser" for a in call.args):
                continue
            name = mod.qualified(call.func, mod.scope(call))
            module, _, function = name.rpartition(".")
            source = next((read(p) for p in _module_paths(module) if read(p) is not None), None) if module else None
            if source is not None and f"def {function}(" in source and not any(f in source for f in flags):
                out.append(name)
    return tuple(dict.fromkeys(out))


def _module_paths(module: str) -> tuple[str, ...]:
    base = module.replace(".", "/")
    return (f"{base}.py", f"{base}/__init__.py", f"src/{base}.py", f"src/{base}/__init__.py")


def defining_programs(rule: Rename, relpath: str, text: str | None) -> list[str]:
    """The program patterns of one file that defines the rule's option (none when the rename leaves it)."""
    return _defining(rule, relpath, text)[0]


def _defining(rule: Rename, relpath: str, text: str | None) -> tuple[list[str], str]:
    """The program patterns, and the new flag where the old one has no separator (``--keep-lang``)."""
    found = _plan(rule, relpath, text)
    if found is None or found.conflict is not None or found.warnings or not found.defines:
        return [], ""
    if not (found.edits or found.consumed):
        return [], ""
    module = module_name(relpath)
    builders = (f"{DIRECT}{_escaped(module)}.{name}" for name in sorted(found.builders))  # called by the program itself
    return [_escaped(relpath), *builders], found.new_flag


def _plan(rule: Rename, relpath: str, text: str | None) -> Plan | None:
    """The rule's plan for one file (None when the file cannot hold the option)."""
    if text is None or len(text) > MAX_BYTES:
        return None
    if relpath not in rule.consumers and not any(s in text for s in spellings(rule.path.last)):
        return None
    tree = _parsed(text)
    return plan(rule, tree, text, Offsets(text), relpath) if tree is not None else None


def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _escaped(name: str) -> str:
    """A literal name as a glob (``[`` ``*`` ``?`` match themselves)."""
    return re.sub(r"([\[*?])", r"[\1]", name)
