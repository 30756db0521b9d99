"""``--format sarif``: SARIF 2.1.0 for code scanning: one result per pending change (with the fix
that makes it) and one per problem.

A change's fix is the edits its engine made for it (``Change.edits``), located by character offsets
into the file as it was read (code points, as ``columnKind`` says): applying every result's fix
once gives exactly the file cfgmigrate writes, without re-running us.
"""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate import __version__, links
from cfgmigrate.builtin_packs import names as builtin_pack_names
from cfgmigrate.types import HELD, Edit, Severity, Status

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
    out = [
        _result(d.rule or ANY_RULE, _level(d.severity), d.message, r.path, d.line, d.column)
        for d in r.diagnostics
        if d.kind != HELD
    ]
    if r.status is Status.CHANGED:
        for c in r.changes:
            result = _result(c.rule, "warning", c.message, r.path, c.line)
            out.append(result | {"fixes": [_fix(r.path, c.edits)]} if c.edits else result)
    return out


def _level(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(severity, "note")


def _result(rule: str, level: str, message: str, path: str, line: int, column: int = 0) -> dict[str, Any]:
    region = {"startLine": max(line, 1)} | ({"startColumn": column} if column else {})
    location = {"physicalLocation": {"artifactLocation": _artifact(path), "region": region}}
    return {"ruleId": rule, "level": level, "message": {"text": message}, "locations": [location]}


def _artifact(path: str) -> dict[str, str]:
    return {"uri": path, "uriBaseId": "%SRCROOT%"}


def _rules(plan: Any, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Metadata of every rule that has a result: its pack's description where it gives one, and a
    helpUri (a built-in rule's source line; the operation's reference for a project's own rule)."""
    known = {r.id: (r, p) for p in getattr(plan, "packs", ()) for r in p.rules}
    out = []
    for rule_id in sorted({r["ruleId"] for r in results}):
        rule, pack = known.get(rule_id, (None, None))
        short = f"{pack.name}: {rule_id}" if pack else ("a file cfgmigrate could not migrate" if rule_id == ANY_RULE else rule_id)
        entry: dict[str, Any] = {"id": rule_id, "name": rule_id, "shortDescription": {"text": short}}
        if rule is not None and rule.description:
            entry["fullDescription"] = {"text": rule.description}
        entry["helpUri"] = _help_uri(rule, pack)
        out.append(entry)
    return out


def _help_uri(rule: Any, pack: Any) -> str:
    if rule is None:
        return links.docs_url("reference.md", "problems-and-exit-codes")
    if pack.path == f"{pack.name}.yaml" and pack.name in builtin_pack_names():
        return links.builtin_rule_url(pack.name, rule.line)
    return links.docs_url("operations.md", rule.op)


def _fix(path: str, edits: tuple[Edit, ...]) -> dict[str, Any]:
    """The change's own edits (offsets into the file as read, which none of them shifts)."""
    replacements = [
        {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start}, "insertedContent": {"text": e.replacement}}
        for e in edits
    ]
    return {
        "description": {"text": "apply the cfgmigrate migration"},
        "artifactChanges": [{"artifactLocation": _artifact(path), "replacements": replacements}],
    }
