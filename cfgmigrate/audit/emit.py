"""Findings -> a rule pack that `cfgmigrate apply` accepts: one rule per fixable finding, each with
a comment giving its evidence and confidence; findings below the threshold are written commented
out, for a person to decide."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cfgmigrate.audit.findings import CONFIDENT, Finding
from cfgmigrate.audit.link import Link

OPERATIONS = ("rename", "move", "coerce", "add", "set_default", "map")


def pack_text(name: str, findings: list[Finding], links: list[Link], files: list[str]) -> str:
    """The pack's YAML text: ``schema:`` from the links (with their evidence), then one rule per fix."""
    lines = [
        f"# Written by `cfgmigrate audit --emit-rules`: review, then `cfgmigrate apply -r {name}.yaml`.",
        f"name: {name}",
        "description: Fixes for the drift cfgmigrate audit found",
        f"files: {json.dumps(files)}",
    ]
    if links:
        lines.append("schema:")
        by_section: dict[str, list[Link]] = {}
        for link in links:
            by_section.setdefault(link.section, []).append(link)
        for section, group in by_section.items():
            refs = json.dumps(group[0].cls.ref) if len(group) == 1 else json.dumps([link.cls.ref for link in group])
            lines.append(f"  {json.dumps(section)}: {refs}  # {'; '.join(link.evidence for link in group)}")
    lines.append("rules:")
    seen: set[str] = set()
    written: list[tuple[dict[str, Any], Finding]] = []
    for f in _ordered(findings):
        rule = _rule(f)
        if rule is None:
            continue
        same = next((r for r, _ in written if _without_files(r) == _without_files(rule)), None)
        if same is not None:  # the same fix found in several files: one rule, for all of them
            if "files" in same:
                same["files"] = list(dict.fromkeys([*same["files"], *rule.get("files", [])]))
            continue
        written.append((rule, f))
    for rule, f in written:
        rule_id = _unique(_slug(f"{f.kind}-{f.section}-{f.key}"), seen)
        lines += _rule_lines(rule_id, rule, f)
    return "\n".join(lines) + "\n"


def _without_files(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rule.items() if k != "files"}


def pack_name(path: Path) -> str:
    """A valid pack name (lowercase letters, digits, '-') from the file it is written to."""
    return _slug(path.stem) or "audit-fixes"


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Renames first (a later move or add may act on what they produce), then the rest."""
    rank = {
        "near-miss": 0,
        "wrong-depth": 1,
        "type-mismatch": 2,
        "unknown-key": 3,
        "parser-reads-missing": 3,
        "missing-required": 4,
    }
    return sorted(findings, key=lambda f: rank.get(f.kind, 9))


def _rule(f: Finding) -> dict[str, Any] | None:
    s = f.suggestion
    op = next((o for o in OPERATIONS if o in s), None)
    if op is None:
        return None
    return None if op == "set_default" and "value" not in s else dict(s)


def _rule_lines(rule_id: str, rule: dict[str, Any], f: Finding) -> list[str]:
    confident = f.confidence >= CONFIDENT
    prefix = "  " if confident else "  # "
    out = [f"  # {f.kind} at {f.where}: {f.message} (confidence {f.confidence:.2f})"]
    if not confident:
        out.append("  # below the confidence threshold: uncomment if it is right")
    out.append(f"{prefix}- id: {rule_id}")
    out += [f"{prefix}  {key}: {_value(value)}" for key, value in rule.items()]
    return out


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_value(k)}: {_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def _unique(rule_id: str, seen: set[str]) -> str:
    base, n = rule_id, 2
    while rule_id in seen:
        rule_id, n = f"{base}-{n}", n + 1
    seen.add(rule_id)
    return rule_id
