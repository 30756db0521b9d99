"""Characters JSON allows but YAML's reader refuses or reads as line breaks (DEL, the C1 controls
with NEL, U+2028/U+2029, U+FFFE/U+FFFF), stood in
for while the JSON engine reads a text through the YAML composer: each becomes a private-use
character the text does not hold (one character for one, so every offset and line stays), and
the result (text, edits, messages) gets the real characters back."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from cfgmigrate.engines.base import EngineResult
from cfgmigrate.rules import Rule

REFUSED = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")  # NEL, LS, PS: YAML line breaks
_PRIVATE = range(0xE000, 0xF900)


def around(text: str, rules: tuple[Rule, ...], migrate: Callable[[str, tuple[Rule, ...]], EngineResult]) -> EngineResult:
    """``migrate(text, rules)``, with the refused characters stood in for (in the text and in the
    rules' names and values, so that they still match) and given back."""
    found = sorted(set(REFUSED.findall(text)))
    if not found:
        return migrate(text, rules)
    free = (chr(c) for c in _PRIVATE if chr(c) not in text)
    there = {char: stand for char, stand in zip(found, free, strict=False)}
    if len(there) < len(found):
        return migrate(text, rules)  # no free character: the composer says what it cannot read
    forth = str.maketrans(there)
    back = str.maketrans({stand: char for char, stand in there.items()})

    def told(message: str) -> str:  # messages may quote a value as repr() does: '\ue000'
        for char, stand in there.items():
            message = message.replace(repr(stand)[1:-1], repr(char)[1:-1])
        return message.translate(back)

    result = migrate(text.translate(forth), tuple(_translated(r, forth) for r in rules))
    return EngineResult(
        result.new_text.translate(back),
        tuple(
            replace(
                c,
                message=told(c.message),
                edits=tuple(replace(e, replacement=e.replacement.translate(back)) for e in c.edits),
            )
            for c in result.changes
        ),
        tuple(replace(d, message=told(d.message)) for d in result.diagnostics),
    )


def _translated(value: Any, table: dict[int, str]) -> Any:
    """``value`` with every string in it translated: rules are frozen dataclasses of strings,
    tuples, dicts and key paths."""
    if isinstance(value, str):
        return value.translate(table)
    if isinstance(value, (tuple, list, frozenset)):
        return type(value)(_translated(v, table) for v in value)
    if isinstance(value, dict):
        return {_translated(k, table): _translated(v, table) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _translated(getattr(value, f.name), table) for f in dataclasses.fields(value) if f.init}
        return replace(value, **changed)
    return value
