"""One rule carried out on a tomlkit document, key by key (:mod:`.edit`), with the line of each
change, refusal and warning in the text the rule started from; and lines mapped back through the
rules' steps to the file as read."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import tomlkit

from cfgmigrate.engines.toml import edit, headers, left
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Rule
from cfgmigrate.types import Change, Diagnostic, Severity


@dataclass
class Ran:
    made: list[Change] = field(default_factory=list)
    failed: list[Diagnostic] = field(default_factory=list)  # refusals: the file stays
    said: list[Diagnostic] = field(default_factory=list)  # warnings: left for a person
    item_lines: set[int] = field(default_factory=set)  # lines of changed array items (they name no key)
    text: str | None = None  # the text, when tables were renamed on it (``doc`` is then behind)


def carry_out(relpath: str, doc: Any, rule: Rule, only_under: str, before: str) -> Ran:
    """The rule on every key (and array item) it matches in ``doc`` (whose text is ``before``), in place."""
    expected, out, ran = edit.expected(doc, rule), edit.Outcome(), Ran()
    chain = [before]
    said: list[tuple[tuple[Any, ...], Diagnostic]] = []
    for loc in edit.locations(doc.unwrap(), rule, only_under):
        count, warned = len(out.changes), len(out.warnings)
        try:
            edit.apply_at(doc, rule, loc, expected, out)
        except edit.Refusal as e:
            ran.failed.append(Diagnostic(relpath, left.line_of(before, loc), rule.id, f"{e}; left as it was"))
            continue
        said += [
            (loc, Diagnostic(relpath, left.line_of(before, loc), rule.id, why, Severity.WARNING))
            for _, why in out.warnings[warned:]
        ]
        if len(out.changes) == count:
            continue  # the key already holds what the rule asks
        after = tomlkit.dumps(doc)
        line = first_changed(chain[-1], after)
        for k in range(len(chain) - 1, 0, -1):  # to the text the rule started from
            line = back(chain[k - 1], chain[k], line)
        ran.made.append(Change(rule.id, line, out.changes[-1][1]))
        if isinstance(loc[-1], int):
            ran.item_lines.add(line)
        chain.append(after)
    ran.said = [d for _, d in sorted(said, key=lambda p: (p[1].line, _in_order(p[0])))]
    steps: list[tuple[tuple[Any, ...], Callable[[str], str | None], str]] = [
        (loc, partial(headers.rename, loc=loc, new=new), f"renamed {format_location(loc)} to {new}") for loc, new in out.headers
    ]
    steps += [
        (loc, partial(headers.move, loc=loc, target=to), f"moved {format_location(loc)} to {format_location(to)}")
        for loc, to in out.moves
    ]
    if steps:
        _on_headers(relpath, rule, steps, chain, ran)
    return ran


def _on_headers(
    relpath: str, rule: Rule, steps: list[tuple[tuple[Any, ...], Callable[[str], str | None], str]], chain: list[str], ran: Ran
) -> None:
    """Tables whose keys are written on header lines, renamed or moved on the text (innermost first)."""
    text = chain[-1]  # the text after the rule's other edits
    for loc, step, message in steps:
        done = step(text)
        if done is None or done == text:
            why = f"cannot rewrite the header lines of {format_location(loc)} (a dotted key spells it); left as it was"
            ran.failed.append(Diagnostic(relpath, left.line_of(chain[0], loc), rule.id, why))
            return
        line = first_changed(text, done)
        chain.append(done)
        for k in range(len(chain) - 1, 0, -1):
            line = back(chain[k - 1], chain[k], line)
        ran.made.append(Change(rule.id, line, f"{message} (its [header] lines)"))
        text = done
    ran.text = text


def _in_order(loc: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    """A location's sort key in document order (array indexes as numbers)."""
    return tuple((0, p) if isinstance(p, int) else (1, "") for p in loc)


def to_read(steps: list[str], line: int) -> int:
    """A line of the latest step, as the line of the file as read."""
    for k in range(len(steps) - 1, 0, -1):
        line = back(steps[k - 1], steps[k], line)
    return line


def back(old: str, new: str, line: int) -> int:
    """The line of ``old`` that line ``line`` of ``new`` stands at (a changed run: its first line)."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if j1 < line <= j2:
            return i1 + (line - j1) if tag == "equal" or i2 - i1 == j2 - j1 else i1 + 1
    return line


def first_changed(old: str, new: str) -> int:
    a, b = old.splitlines(), new.splitlines()
    return next((i + 1 for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)) + 1)
