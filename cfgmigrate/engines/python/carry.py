"""One rule's span edits carried out: applied, checked by the guard and counted as changes. An overlap
or a guard refusal is an error on the rule, and the file stays as it was."""

from __future__ import annotations

from collections.abc import Mapping

from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.python import guard
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Rule
from cfgmigrate.types import Change, Edit


def carry_out(parsed: Parsed, edits: Mapping[Edit, tuple[Change | None, guard.Action]], report: Report, rule: Rule) -> Parsed:
    """The parsed output of ``edits`` on ``parsed`` (a ``None`` change edits without a change line)."""
    try:
        text = apply_edits(parsed.at.text, edits)
    except OverlappingEdits as e:
        report.error(rule, e.line, f"edits of this rule overlap ({e}); file left as it was")
        return parsed
    offsets = [o for e in edits for o in (e.start, max(e.start, e.end - 1))]
    try:
        out = guard.checked(parsed, text, [a for _, a in edits.values()], offsets)
    except guard.GuardError as e:
        report.error(rule, e.line, f"{e}; file left as it was")
        return parsed
    report.changes += sorted((c for c, _ in edits.values() if c is not None), key=lambda c: c.line)
    return out
