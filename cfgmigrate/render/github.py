"""``--format github``: GitHub Actions workflow commands, one annotation per pending change and per
problem (``::warning file=F,line=N,title=T::message``), so they show on the pull request's lines."""

from __future__ import annotations

from typing import Any

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import HELD, Severity, Status

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(text: str) -> str:
    """Workflow-command escaping of a message: a raw newline would end the command."""
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    """Escaping of a property value, where ':' and ',' are separators too."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(level: str, path: str, line: int, rule: str, message: str, column: int = 0) -> str:
    title = f"cfgmigrate {rule}" if rule else "cfgmigrate"
    col = f",col={column}" if column else ""
    return f"::{level} file={_prop(path)},line={max(line, 1)}{col},title={_prop(title)}::{_escape(message)}\n"


def _versions(plan: Any) -> list[str]:
    """One notice per distribution: the range judged and where it came from."""
    out = []
    for j in getattr(plan, "versions", ()):
        pin = j.lowest_pin
        where = f"file={_prop(pin.path)},line={max(pin.line, 1)}," if pin and pin.path else ""
        out.append(f"::notice {where}title=cfgmigrate versions::{_escape(j.describe())}\n")
    return out


def render(plan: Any) -> str:
    out = _versions(plan)
    for r in plan.results:
        out += [
            _annotation(LEVELS[d.severity], d.path, d.line, d.rule, d.message, d.column) for d in r.diagnostics if d.kind != HELD
        ]
        if r.status is Status.CHANGED:
            out += [_annotation("warning", r.path, c.line, c.rule, c.message) for c in r.changes]
    return "".join(out)
