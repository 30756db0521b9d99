"""The library entry point of ``cfgmigrate audit``: scan, link, audit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cfgmigrate.audit.findings import Finding, audit
from cfgmigrate.audit.link import Link, link_sections
from cfgmigrate.audit.scan import scan
from cfgmigrate.types import Diagnostic


@dataclass(frozen=True)
class AuditResult:
    links: list[Link]
    findings: list[Finding]
    problems: list[Diagnostic]  # files that could not be read, and schema entries naming no class


def audit_project(root: Path, files: list[str], schema: dict[str, str]) -> AuditResult:
    """Audit ``files`` (relative to ``root``); ``schema`` binds sections to ``file.py::Class``."""
    project = scan(root, files)
    problems = list(project.problems)
    for prefix, ref in schema.items():
        if ref not in project.classes:
            path = ref.split("::")[0]
            problems.append(Diagnostic(path, 0, "", f"schema binds {prefix!r} to {ref}, which is no config class here"))
    links = link_sections(project, schema)
    return AuditResult(links, audit(project, links), problems)
