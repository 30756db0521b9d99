"""Flags that follow a renamed argparse option: a ``rename`` with ``parsers:`` renames
``add_argument("--old")`` in the Python files it names, and the programs those files are get the
``--old`` flag renamed wherever they are run (shell scripts, Markdown fences, Makefiles, notebooks,
docstrings, ``subprocess`` lists), with no ``programs:`` in the rule, as :mod:`cfgmigrate.bound_flags`
does for a bound field. Which files define the option is a fact of the project, so it is read once
per run, before the engines prepare: the rule gets, as ``programs:``, each defining file's path and
the qualified names of the module-level functions that build its parser (``pkg.serve.main``: a
program that imports and calls it parses the option too). A file the rename would leave as it was
(a conflict, a parser it cannot resolve) names no program, so its flags stay.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from cfgmigrate.discover import in_scope
from cfgmigrate.engines.python.argparse_options import module_name, names_parser, plan
from cfgmigrate.engines.python.offsets import Offsets
from cfgmigrate.engines.shell.flags import spellings
from cfgmigrate.rules import Rename, Rule, RulePack

MAX_BYTES = 2_000_000


def with_option_programs(
    packs: Sequence[RulePack], read: Callable[[str], str | None], relpaths: Sequence[str]
) -> tuple[RulePack, ...]:
    """The packs, each ``parsers:`` rule with the programs that define its option added."""
    out = []
    for pack in packs:
        rules = tuple(_with_programs(r, pack, read, relpaths) for r in pack.rules)
        out.append(replace(pack, rules=rules) if rules != pack.rules else pack)
    return tuple(out)


def _with_programs(rule: Rule, pack: RulePack, read: Callable[[str], str | None], relpaths: Sequence[str]) -> Rule:
    if not isinstance(rule, Rename) or not rule.parsers:
        return rule
    found: list[str] = []
    new_flag = ""
    for relpath in relpaths:
        if not relpath.endswith(".py") or not in_scope(relpath, rule.files or pack.files) or not names_parser(rule, relpath):
            continue
        programs, spelled = _defining(rule, relpath, read(relpath))
        found += programs
        new_flag = new_flag or spelled
    if not found:
        return rule
    return replace(rule, programs=tuple(dict.fromkeys((*rule.programs, *found))), new_flag=rule.new_flag or new_flag)


def defining_programs(rule: Rename, relpath: str, text: str | None) -> list[str]:
    """The program patterns of one file that defines the rule's option (none when the rename leaves it)."""
    return _defining(rule, relpath, text)[0]


def _defining(rule: Rename, relpath: str, text: str | None) -> tuple[list[str], str]:
    """The program patterns, and the new flag where the old one has no separator (``--keep-lang``)."""
    if text is None or len(text) > MAX_BYTES or not any(s in text for s in spellings(rule.path.last)):
        return [], ""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [], ""
    found = plan(rule, tree, text, Offsets(text))
    if found.conflict is not None or found.warnings or not found.edits or not found.defines:
        return [], ""
    module = module_name(relpath)
    return [_escaped(relpath), *(f"{_escaped(module)}.{name}" for name in sorted(found.builders))], found.new_flag


def _escaped(name: str) -> str:
    """A literal name as a glob (``[`` ``*`` ``?`` match themselves)."""
    return re.sub(r"([\[*?])", r"[\1]", name)
