"""``--format sarif``: SARIF 2.1.0 for code scanning: one result per pending change (with its fix)
and per problem."""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate import __version__
from cfgmigrate.types import Severity, Status

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(path: str, line: int) -> dict[str, Any]:
    return {
        "physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": max(line, 1)}}
    }


def _rules(plan: Any) -> list[dict[str, Any]]:
    ids = sorted(
        {c.rule for r in plan.results for c in r.changes} | {d.rule or "cfgmigrate" for r in plan.results for d in r.diagnostics}
    )
    return [{"id": i, "name": i, "shortDescription": {"text": f"cfgmigrate rule {i}"}} for i in ids]


def _fix(r: Any) -> dict[str, Any]:
    end_line = r.old_text.count("\n") + 1
    return {
        "description": {"text": "apply the cfgmigrate migration"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": r.path, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {"deletedRegion": {"startLine": 1, "endLine": end_line}, "insertedContent": {"text": r.new_text}}
                ],
            }
        ],
    }


def render(plan: Any) -> str:
    results = []
    for r in plan.results:
        for d in r.diagnostics:
            level = "error" if d.severity is Severity.ERROR else "warning"
            results.append(
                {
                    "ruleId": d.rule or "cfgmigrate",
                    "level": level,
                    "message": {"text": d.message},
                    "locations": [_location(d.path, d.line)],
                }
            )
        if r.status is Status.CHANGED:
            for c in r.changes:
                results.append(
                    {
                        "ruleId": c.rule,
                        "level": "warning",
                        "message": {"text": c.message},
                        "locations": [_location(r.path, c.line)],
                        "fixes": [_fix(r)],
                    }
                )
    run = {
        "tool": {
            "driver": {
                "name": "cfgmigrate",
                "version": __version__,
                "informationUri": "https://pypi.org/project/cfgmigrate/",
                "rules": _rules(plan),
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"
