"""``--format json``: one object, ``{"version", "cfgmigrate", "files": [...], "summary": {...}}``.

Every field is described in docs/json-output.md and by the JSON Schema ``cfgmigrate/report.schema.json``
(a test validates real output against it). ``version`` is the format's: it goes up when a field changes
meaning or disappears; new fields may appear in any release."""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate import __version__
from cfgmigrate.render.diff import file_diff
from cfgmigrate.types import Status

FORMAT_VERSION = 1


def as_data(plan: Any) -> dict[str, Any]:
    files = []
    for r in plan.results:
        if r.status is Status.UNCHANGED and not r.diagnostics and not r.suppressed:
            continue
        files.append(
            {
                "path": r.path,
                "status": r.status.value,
                "changes": [{"rule": c.rule, "line": c.line, "message": c.message} for c in r.changes],
                "diff": file_diff(r.path, r.old_text, r.new_text) if r.status is Status.CHANGED else "",
                "error": "; ".join(d.render() for d in r.errors) or None,
                "diagnostics": [
                    {
                        "rule": d.rule,
                        "line": d.line,
                        "column": d.column,
                        "severity": d.severity.value,
                        "kind": d.kind or "rule",
                        "message": d.message,
                    }
                    for d in r.diagnostics
                ],
                "suppressed": [{"rule": c.rule, "line": c.line, "message": c.message, "reason": c.reason} for c in r.suppressed],
            }
        )
    summary = plan.summary.as_dict()
    return {"version": FORMAT_VERSION, "cfgmigrate": __version__, "files": files, "summary": summary}


def render(plan: Any) -> str:
    return json.dumps(as_data(plan), indent=2, sort_keys=False) + "\n"
