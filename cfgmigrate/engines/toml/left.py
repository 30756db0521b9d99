"""What the TOML engine cannot carry out, reported where it would apply.

A ``copy``, ``add`` or ``rename_symbol`` whose ``files`` name ``.toml`` fails at pack load; one that
reaches ``.toml`` files only through a catch-all glob (``**/*``) is given to the engine anyway
(verdict ``reports``), and so is a ``move`` of a key that is not a ``[header]`` table. Each place
of the file where the rule would change the data (the reference transformation says so, location
by location) gets a warning naming the file, the line and the rule: ``train.toml:3: mv: warning:
the TOML engine cannot move keys other than [header] tables (yet): training.lr; left as it was``.
Nothing is edited; the warnings count as leftovers (what the run could not change).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator
from typing import Any

import tomlkit

from cfgmigrate.engines import reference, symbol_values
from cfgmigrate.keypath import format_location
from cfgmigrate.leftovers import LEFTOVER
from cfgmigrate.ops import RenameSymbol
from cfgmigrate.rules import Add, Rule
from cfgmigrate.types import Diagnostic, Severity

VERBS = {
    "move": "move keys other than [header] tables",
    "copy": "copy keys",
    "add": "add keys",
    "rename_symbol": "rename symbols in string values",
}


def report(relpath: str, text: str, rule: Rule, only_under: str) -> list[Diagnostic]:
    """A warning for each place of ``text`` where ``rule`` would change the data (none when it would not)."""
    data = tomlkit.parse(text).unwrap()
    places = sorted({(line_of(text, loc), loc) for loc in where(data, rule, only_under)}, key=lambda p: p[0])
    verb = VERBS.get(rule.op, rule.op.replace("_", " "))
    return [
        Diagnostic(
            relpath,
            line,
            rule.id,
            f"the TOML engine cannot {verb} (yet): {_what(rule, loc)}; left as it was",
            Severity.WARNING,
            kind=LEFTOVER,
        )
        for line, loc in places
    ]


def _what(rule: Rule, loc: tuple[Any, ...]) -> str:
    if isinstance(rule, Add):
        return f"{format_location(loc)} lacks {rule.path.last}"
    return format_location(loc)


def where(data: Any, rule: Rule, only_under: str) -> Iterator[tuple[Any, ...]]:
    """The locations where the rule would change ``data`` (in pyproject.toml: under ``tool`` only)."""
    for loc in _candidates(data, rule):
        if only_under and (not loc or loc[0] != only_under):
            continue
        if isinstance(rule, (Add, RenameSymbol)) or _changes(data, loc, rule):
            yield loc


def _candidates(data: Any, rule: Rule) -> Iterator[tuple[Any, ...]]:
    if isinstance(rule, RenameSymbol):
        yield from (loc for loc, value in _values(data, ()) if symbol_values.renamed(value, rule) is not None)
    elif isinstance(rule, Add):  # the sections that lack the key (``add`` with ``configs: true`` only)
        parent = rule.path.parent
        for loc, value in _values(data, ()) if rule.configs else ():
            if loc and isinstance(value, dict) and parent.match(loc) is not None and rule.path.last not in value:
                yield loc
    else:
        for loc, value in _values(data, ()):
            matched = loc and not isinstance(loc[-1], int) and rule.path.match(loc) is not None
            if matched and (rule.when is None or rule.applies_to_value(value)):
                yield loc


def _values(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield loc, data
    pairs = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in pairs:
        yield from _values(v, (*loc, k))


def _changes(data: Any, loc: tuple[Any, ...], rule: Rule) -> bool:
    """Whether the rule, carried out at ``loc`` alone on plain data, changes it (a copy onto a key
    that keeps its own value, a move onto itself: nothing to report)."""
    return bool(reference.REFERENCE[rule.op](copy.deepcopy(data), loc, rule) != data)


def line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The line that holds ``loc``: the first line that changes when tomlkit deletes it (its key's
    line, its [header], its array item's line); 1 when it cannot be told."""
    if not loc:
        return 1
    probe: Any = tomlkit.parse(text)
    try:
        node = probe
        for part in loc[:-1]:
            node = node[part]
        del node[loc[-1]]
    except (KeyError, IndexError, TypeError, tomlkit.exceptions.TOMLKitError):
        return 1
    matcher = difflib.SequenceMatcher(None, text.splitlines(), tomlkit.dumps(probe).splitlines(), autojunk=False)
    return next((i1 + 1 for tag, i1, _, _, _ in matcher.get_opcodes() if tag != "equal"), 1)
