"""Audit and compare reports: a rich table, JSON, markdown."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from cfgmigrate.audit.findings import Finding
from cfgmigrate.audit.link import Link
from cfgmigrate.escape import escape_controls


def audit_json(findings: list[Finding], links: list[Link]) -> str:
    """``{"links": [...], "findings": [...], "summary": {...}}``."""
    data = {
        "links": [{"section": link.section, "class": link.cls.ref, "evidence": link.evidence} for link in links],
        "findings": [asdict(f) for f in findings],
        "summary": {"findings": len(findings), "sections": len(links)},
    }
    return json.dumps(data, indent=2, default=str) + "\n"


def audit_markdown(findings: list[Finding], links: list[Link]) -> str:
    """A pull-request comment: the links with their evidence, then the findings section by section."""
    out = ["## cfgmigrate audit", "", "| section | class | evidence |", "|---|---|---|"]
    out += [f"| `{link.section or '(root)'}` | `{link.cls.ref}` | {link.evidence} |" for link in links]
    for section in dict.fromkeys(f.section for f in findings):
        rows = [f for f in findings if f.section == section]
        title = f"### `{section}` ({rows[0].cls})" if section else "### keys at the wrong depth"
        out += ["", title, "", "| kind | where | finding | confidence |", "|---|---|---|---|"]
        out += [f"| {f.kind} | `{f.where}` | {_md(f.message)} | {f.confidence:.2f} |" for f in rows]
    return "\n".join(out) + f"\n\n{len(findings)} finding(s).\n"


def _md(text: str) -> str:
    return escape_controls(text).replace("|", "\\|")


def cell(value: object) -> Any:
    """A table cell shown as written: control characters escaped, ``[...]`` not read as rich markup
    (a config key or file name is data, and ``[/]`` in one would crash the table)."""
    from rich.text import Text

    return Text(escape_controls(str(value)))


def print_audit(findings: list[Finding], links: list[Link]) -> None:
    """Two rich tables: sections with their classes and evidence, then the findings."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)
    table = Table(title="sections and their classes")
    for column in ("section", "class", "evidence"):
        table.add_column(column)
    for link in links:
        table.add_row(*map(cell, (link.section, link.cls.ref, link.evidence)))
    console.print(table)
    findings_table = Table(title="findings")
    for column in ("section", "class", "kind", "where", "finding"):
        findings_table.add_column(column)
    for f in findings:
        findings_table.add_row(*map(cell, (f.section, f.cls, f.kind, f.where, f.message)))
    console.print(findings_table)
    console.print(f"{len(findings)} finding(s)", markup=False, highlight=False)


def compare_json(diff: dict[str, Any]) -> str:
    """The comparison as one JSON object (values that are not JSON, such as ``<required>``, as text)."""
    return json.dumps(diff, indent=2, default=repr) + "\n"


def print_compare(diff: dict[str, Any]) -> None:
    """One rich table per part of the comparison, then the summary counts."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)
    for title, rows, columns in (
        ("different values", diff["different"], ("key", "A", "B")),
        ("type mismatches", diff["type_mismatches"], ("key", "A", "B", "types")),
        ("only in A", diff["only_in_a"], ("key", "A")),
        ("only in B", diff["only_in_b"], ("key", "B")),
    ):
        table = Table(title=f"{title} ({len(rows)})")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*[cell(repr(row[c.lower()]) if c in ("A", "B") else row[c]) for c in columns])
        console.print(table)
    console.print(json.dumps(diff["summary"]), markup=False, highlight=False)
