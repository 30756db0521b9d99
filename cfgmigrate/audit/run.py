"""The library entry point of ``cfgmigrate audit``: scan, follow how the code assembles configs,
link, audit."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from cfgmigrate.audit.assembly import Assembly, assemble
from cfgmigrate.audit.filled import filled_findings
from cfgmigrate.audit.findings import Finding, audit
from cfgmigrate.audit.link import Link, link_sections
from cfgmigrate.audit.scan import Project, scan
from cfgmigrate.classes import ClassReader
from cfgmigrate.types import Diagnostic

# scratch, temp and backup folders: skipped unless a path given on the command line names them
SCRATCH = re.compile(r"^(te?mp|scratch|backups?|bak|old|archive|trash)([-_.]?\w*\d+)?$|[-_.](bak|backup|old|orig)$", re.I)
BY_NAME_ONLY = 0.6  # a section linked by name while the code shows how other sections are filled


@dataclass(frozen=True)
class AuditResult:
    links: list[Link]
    findings: list[Finding]
    problems: list[Diagnostic]  # files that could not be read, and schema entries naming no class
    skipped: tuple[str, ...] = ()  # scratch folders left out


def scratch_folders(files: list[str], named: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """(files outside scratch folders, the scratch folders left out); a folder named is kept."""
    kept, skipped = [], []
    for rel in files:
        parts = rel.split("/")[:-1]
        hit = next((i for i, p in enumerate(parts) if SCRATCH.search(p)), None)
        folder = "/".join(parts[: hit + 1]) if hit is not None else ""
        if folder and not any(
            n == folder or n.startswith(folder + "/") or rel.startswith(n.rstrip("/") + "/") and n.startswith(folder)
            for n in named
        ):
            skipped.append(folder)
        else:
            kept.append(rel)
    return kept, tuple(dict.fromkeys(skipped))


def audit_project(root: Path, files: list[str], schema: dict[str, str], named: list[str] | None = None) -> AuditResult:
    """Audit ``files`` (relative to ``root``); ``schema`` binds sections to ``file.py::Class``."""
    files, skipped = scratch_folders(files, named or [])
    reader = ClassReader(root)
    project = scan(root, files, reader)
    problems = list(project.problems)
    for prefix, ref in schema.items():
        if ref not in project.classes:
            path = ref.split("::")[0]
            problems.append(Diagnostic(path, 0, "", f"schema binds {prefix!r} to {ref}, which is no config class here"))
    assembly = assemble(reader, project.trees)
    coded = code_links(assembly)
    classes_of: dict[str, set[str]] = {}
    for link in coded:
        classes_of.setdefault(link.section, set()).add(link.cls.ref)
    # a section filled by one class is audited against it; one that feeds several is left to the
    # per-file findings of how each class is filled
    by_name = [link for link in link_sections(project, schema) if link.section not in classes_of or link.section in schema]
    single = [link for link in coded if len(classes_of[link.section]) == 1 and link.section not in schema]
    named_only = {link.section for link in by_name if link.section not in schema}
    every = {link.section for link in coded + by_name}
    sectioned = [_by_name(f) if coded and f.section in named_only else f for f in audit(project, by_name + single, every)]
    # a key of a section the code fills that no field holds: what matters is that no code reads
    # it (an unread-key note), not a field to add
    sectioned = [f for f in sectioned if not (f.kind == "unknown-key" and f.section in classes_of and f.section not in schema)]
    sectioned = [
        f for f in sectioned if not (f.kind == "missing-required" and f.key in assembly.computed.get(_ref(single, f), set()))
    ]
    coded_sections = {link.section for link in single}
    sectioned = [f for f in sectioned if not _only_key_reads(f, coded_sections, project)]
    sectioned = _once(sectioned)
    findings = sectioned + _new(filled_findings(reader, assembly, project.configs), sectioned)
    links = sorted(coded + by_name, key=lambda link: (link.section, link.cls.ref))
    return AuditResult(links, findings, problems, skipped)


def _once(findings: list[Finding]) -> list[Finding]:
    """A field the class lacks, said once per code line (a class linked to several sections would
    repeat it for each): the most confident saying."""
    best: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        key = (f.cls, f.key, f.where)
        if f.kind == "parser-reads-missing" and (key not in best or f.confidence > best[key].confidence):
            best[key] = f
    kept = set(map(id, best.values()))
    return [f for f in findings if f.kind != "parser-reads-missing" or id(f) in kept]


def _only_key_reads(f: Finding, coded: set[str], project: Project) -> bool:
    """A field the class lacks, said only because some code subscripts a dict under that section's
    name (``results["adapter"]["preds"]``, ``scores["f1"]["mean"]`` into ``f1_mean=``): where the
    code shows how the section fills the class, only a keyword the code passes to it counts."""
    if f.kind != "parser-reads-missing" or f.section not in coded:
        return False
    return not any(r.how == "constructor" and r.section == f"class:{f.cls}" and r.key == f.key for r in project.reads)


def _ref(links: list[Link], f: Finding) -> str:
    return next((link.cls.ref for link in links if link.section == f.section), "")


def _new(filled: list[Finding], sectioned: list[Finding]) -> list[Finding]:
    """Per-file findings that the section audit has not already said in its words."""
    said = {(f.cls, f.key) for f in sectioned if f.kind == "parser-reads-missing"}
    said |= {(f.cls, str(f.suggestion.get("to"))) for f in sectioned if f.kind == "near-miss"}
    said_keys = {(f.section, f.key) for f in sectioned if f.kind in ("unknown-key", "near-miss")}
    shapes = {f.where for f in sectioned if f.kind == "type-mismatch" and "expects a section" in f.message}
    out = []
    for f in filled:
        if f.kind == "call-unknown-field" and (f.cls, f.key) in said:
            continue
        if f.kind == "section-expected" and f.where in shapes:
            continue
        if f.kind == "unread-key" and (f.section, f.key) in said_keys:
            continue
        out.append(f)
    return out


def code_links(assembly: Assembly) -> list[Link]:
    """A link per (section, class) that a constructor call fills, with the call and the first read."""
    out: dict[tuple[str, str], Link] = {}
    for d in assembly.demands:
        if d.field or d.key == "":
            key = (d.section, d.cls.ref)
            if key not in out:
                out[key] = Link(d.section, d.cls, f"built at {d.call} from {d.section or '(root)'} (first read {d.where})")
    return list(out.values())


def _by_name(f: Finding) -> Finding:
    """A finding of a section the code does not visibly fill a class from: a note at most."""
    return dataclasses.replace(
        f,
        confidence=min(f.confidence, BY_NAME_ONLY),
        message=f"{f.message} (section linked to {f.cls or 'the code'} by name only)",
    )
