"""``--format sarif``: SARIF 2.1.0 for code scanning: one result per pending change (with the fix
that makes it) and one per problem.

A fix is one replacement per changed hunk, located by character offsets into the file as it was
read (code points, as ``columnKind`` says), so a consumer can apply it without re-running us.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from itertools import accumulate
from typing import Any

from cfgmigrate import __version__
from cfgmigrate.types import Severity, Status

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/cfgmigrate/"
ANY_RULE = "cfgmigrate"  # the rule id of a problem that no rule raised (an unparsable file, say)


def render(plan: Any) -> str:
    results = [result for r in plan.results for result in _results_of(r)]
    run = {
        "tool": {
            "driver": {
                "name": "cfgmigrate",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": _rules(plan, results),
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    versions = [j.as_dict() for j in getattr(plan, "versions", ())]
    if versions:  # the ranges the rules were judged at (docs/versions.md)
        run["properties"] = {"versions": versions}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def _results_of(r: Any) -> list[dict[str, Any]]:
    out = [_result(d.rule or ANY_RULE, _level(d.severity), d.message, r.path, d.line) for d in r.diagnostics]
    if r.status is Status.CHANGED:
        fix = _fix(r.path, r.old_text, r.new_text)
        out += [_result(c.rule, "warning", c.message, r.path, c.line) | {"fixes": [fix]} for c in r.changes]
    return out


def _level(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(severity, "note")


def _result(rule: str, level: str, message: str, path: str, line: int) -> dict[str, Any]:
    region = {"startLine": max(line, 1)}
    location = {"physicalLocation": {"artifactLocation": _artifact(path), "region": region}}
    return {"ruleId": rule, "level": level, "message": {"text": message}, "locations": [location]}


def _artifact(path: str) -> dict[str, str]:
    return {"uri": path, "uriBaseId": "%SRCROOT%"}


def _rules(plan: Any, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Metadata of every rule that has a result: its pack's description where it gives one."""
    described = {r.id: (r.description, p.name) for p in getattr(plan, "packs", ()) for r in p.rules}
    out = []
    for rule_id in sorted({r["ruleId"] for r in results}):
        description, pack = described.get(rule_id, ("", ""))
        short = f"{pack}: {rule_id}" if pack else ("a file cfgmigrate could not migrate" if rule_id == ANY_RULE else rule_id)
        entry: dict[str, Any] = {"id": rule_id, "name": rule_id, "shortDescription": {"text": short}}
        if description:
            entry["fullDescription"] = {"text": description}
        out.append(entry)
    return out


def _fix(path: str, old: str, new: str) -> dict[str, Any]:
    return {
        "description": {"text": "apply the cfgmigrate migration"},
        "artifactChanges": [{"artifactLocation": _artifact(path), "replacements": replacements(old, new)}],
    }


def replacements(old: str, new: str) -> list[dict[str, Any]]:
    """One replacement per changed run of lines, offsets into ``old`` (which none of them shifts)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = list(accumulate((len(line) for line in a), initial=0))
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            deleted = {"charOffset": starts[i1], "charLength": starts[i2] - starts[i1]}
            out.append({"deletedRegion": deleted, "insertedContent": {"text": "".join(b[j1:j2])}})
    return out
