"""``--format github``: GitHub Actions workflow annotations, one per change and per problem."""

from __future__ import annotations

from typing import Any

from cfgmigrate.types import Severity, Status


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def render(plan: Any) -> str:
    out = []
    for r in plan.results:
        for d in r.diagnostics:
            level = "error" if d.severity is Severity.ERROR else "warning"
            title = f"cfgmigrate {d.rule}" if d.rule else "cfgmigrate"
            out.append(f"::{level} file={_prop(d.path)},line={max(d.line, 1)},title={_prop(title)}::{_escape(d.message)}")
        if r.status is Status.CHANGED:
            for c in r.changes:
                out.append(
                    f"::warning file={_prop(r.path)},line={max(c.line, 1)},title={_prop('cfgmigrate ' + c.rule)}::{_escape(c.message)}"
                )
    return "".join(line + "\n" for line in out)
