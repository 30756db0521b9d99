"""What a rewritten TOML file must pass before it is written: it reads back as exactly the data the
reference transformation computes (:mod:`cfgmigrate.engines.reference`), and every line that
changed mentions a key the rules edited (tomlkit reprints what it touched, nothing else)."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable
from typing import Any

import tomlkit

from cfgmigrate.engines import reference
from cfgmigrate.rules import Rule


def problem(
    old_text: str, new_text: str, rules: tuple[Rule, ...], keys: Iterable[str], only_under: str, items: Iterable[int] = ()
) -> str:
    """Why the rewrite must not be written ('' when it may). ``items``: the lines of changed array
    items, which may name no key."""
    old = tomlkit.parse(old_text).unwrap()
    try:
        new = tomlkit.parse(new_text).unwrap()
    except tomlkit.exceptions.ParseError as e:
        return f"internal error: the rewritten TOML does not parse ({e})"
    if new != intended(old, rules, only_under):
        return "the rewritten TOML does not read back as the intended change"
    stray = _stray_line(old_text, new_text, set(keys), set(items))
    return f"tomlkit rewrote line {stray}, which holds no edited key" if stray else ""


def intended(data: Any, rules: tuple[Rule, ...], only_under: str) -> Any:
    """The data after the rules, as plain data (in pyproject.toml only the ``tool`` table changes)."""
    if not only_under:
        return reference.transform([copy.deepcopy(data)], rules)[0]
    if only_under not in data:
        return data
    part = reference.transform([{only_under: copy.deepcopy(data[only_under])}], rules)[0]
    return {**data, **part}


def _stray_line(old_text: str, new_text: str, keys: set[str], items: set[int]) -> int:
    """The first line of ``old_text`` that changed without naming an edited key or holding a changed
    array item (0 when none)."""
    old, new = old_text.splitlines(), new_text.splitlines()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        for i in range(i1, i2) if tag in ("replace", "delete") else ():
            if i + 1 not in items and not any(k in old[i] for k in keys):
                return i + 1
    return 0
