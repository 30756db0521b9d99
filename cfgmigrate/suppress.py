"""``# cfgmigrate: ignore`` comments and per-file ignores: which changes a project holds back.

A comment at the end of a line holds back the changes on that line; a comment alone on its line
holds back the next line; one in the file's opening comment block (before any content) holds back
the whole file. ``ignore`` holds back every rule, ``ignore[id, other-id]`` the rules named.

The engines never see these: the run loop (``api``) checks each change that leaves an engine. A rule
held back on one line is held back in the whole file (its other changes there are listed as
suppressed too), so a file never carries half of a rule's migration: a renamed key next to an
interpolation that still points at the old name, a class field renamed but not its keyword.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch

from cfgmigrate.engines.base import EngineResult
from cfgmigrate.rules import Rule
from cfgmigrate.types import Change, Suppressed

MARKER = "cfgmigrate:"  # the literal text a file must contain to carry any comment (prefilter)
COMMENT = re.compile(r"(?:^|\s)#\s*cfgmigrate:\s*ignore\b(?:\[([^\]]*)\])?")
EVERY_RULE = "*"


@dataclass(frozen=True)
class Held:
    """Rules held back, and where the comment (or setting) that holds each back is."""

    whole_file: dict[str, str] = field(default_factory=dict)  # rule id or EVERY_RULE -> why
    lines: dict[int, dict[str, str]] = field(default_factory=dict)  # line -> rule id or EVERY_RULE -> why

    def why(self, change: Change) -> str:
        """Why ``change`` is held back, or '' when it is not."""
        return self.why_at(change.rule, change.line)

    def why_at(self, rule: str, line: int) -> str:
        """Why what ``rule`` does or reports on ``line`` is held back, or ''."""
        for rules in (self.lines.get(line, {}), self.whole_file):
            reason = rules.get(rule) or rules.get(EVERY_RULE)
            if reason:
                return reason
        return ""

    def __bool__(self) -> bool:
        return bool(self.whole_file or self.lines)


def scan(relpath: str, text: str, per_file_ignores: Sequence[tuple[str, tuple[str, ...]]] = ()) -> Held:
    """What ``text`` (the file ``relpath``) and the project's per-file ignores hold back."""
    whole: dict[str, str] = {}
    for pattern, rules in per_file_ignores:
        if fnmatch(relpath, pattern) or fnmatch(relpath, pattern.removeprefix("**/")):
            whole |= {rule: f"per-file-ignores {pattern!r}" for rule in rules}
    lines: dict[int, dict[str, str]] = {}
    if MARKER in text:
        _scan_comments(text.split("\n"), whole, lines)
    return Held(whole, lines)


def _scan_comments(lines: list[str], whole: dict[str, str], by_line: dict[int, dict[str, str]]) -> None:
    in_header = True
    for number, line in enumerate(lines, 1):
        stripped = line.strip().lstrip("\ufeff")
        own_line = stripped.startswith("#")
        match = COMMENT.search(line)
        if match:
            comment = match.group(0).strip()
            reasons = {rule: f"'{comment}' on line {number}" for rule in _rules(match.group(1))}
            if in_header and own_line:
                whole |= reasons
            else:
                target = _next_content_line(lines, number) if own_line else number
                by_line.setdefault(target, {}).update(reasons)
        in_header = in_header and (own_line or not stripped or stripped == "---")


def _rules(listed: str | None) -> Iterable[str]:
    if listed is None:
        return (EVERY_RULE,)
    return tuple(rule.strip() for rule in listed.split(",") if rule.strip()) or (EVERY_RULE,)


def _next_content_line(lines: list[str], number: int) -> int:
    for later in range(number, len(lines)):
        if lines[later].strip() and not lines[later].strip().startswith("#"):
            return later + 1
    return number


def migrate_holding_back(
    migrate: Callable[[tuple[Rule, ...]], EngineResult], text: str, rules: tuple[Rule, ...], held: Held
) -> tuple[EngineResult, tuple[Suppressed, ...]]:
    """Run ``migrate`` over ``rules``; a rule with a change that ``held`` covers is run no more in this
    file, and every change it made here is listed as suppressed (with the reason)."""
    result = migrate(rules)
    if not held:
        return result, ()
    out: list[Suppressed] = []
    while True:
        covered = {c.rule: held.why(c) for c in result.changes if held.why(c)}
        if not covered:
            return result, tuple(out)
        out += [
            Suppressed(c.rule, c.line, c.message, held.why(c) or _alongside(c, covered))
            for c in result.changes
            if c.rule in covered
        ]
        rules = tuple(r for r in rules if r.id not in covered)
        result = migrate(rules) if rules else EngineResult(text)


def _alongside(change: Change, covered: dict[str, str]) -> str:
    return f"held back in the whole file with the change that {covered[change.rule]} covers"
