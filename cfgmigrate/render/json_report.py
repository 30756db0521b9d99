"""``--format json``: one object, ``{"files": [...], "summary": {...}}`` (see SPEC.md)."""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate.render.diff import file_diff
from cfgmigrate.types import Status


def as_data(plan: Any) -> dict[str, Any]:
    files = []
    for r in plan.results:
        if r.status is Status.UNCHANGED and not r.diagnostics:
            continue
        files.append(
            {
                "path": r.path,
                "status": r.status.value,
                "changes": [{"rule": c.rule, "line": c.line, "message": c.message} for c in r.changes],
                "diff": file_diff(r.path, r.old_text, r.new_text) if r.status is Status.CHANGED else "",
                "error": "; ".join(d.render() for d in r.errors) or None,
                "diagnostics": [
                    {"rule": d.rule, "line": d.line, "severity": d.severity.value, "message": d.message} for d in r.diagnostics
                ],
            }
        )
    summary = plan.summary.as_dict()
    versions = [j.as_dict() for j in getattr(plan, "versions", ())]
    return {"files": files, "summary": summary} | ({"versions": versions} if versions else {})


def render(plan: Any) -> str:
    return json.dumps(as_data(plan), indent=2, sort_keys=False) + "\n"
