"""Which class holds each config section: the pack's ``schema:`` when it says so, else the best
class by name (``data:`` -> ``DataConfig``, ``moe:`` -> ``MoETrainingConfig``) and field overlap,
with the evidence kept for the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfgmigrate.audit.names import best_match, tokens
from cfgmigrate.audit.scan import ClassInfo, Project

LINK_THRESHOLD = 0.5
CONFIDENT = 0.75  # a near-miss this sure counts, at half weight, toward the overlap
CLASS_SUFFIXES = {"config", "configs", "settings", "args", "arguments", "params", "parameters", "options"}


@dataclass(frozen=True)
class Link:
    section: str  # dotted key path; "" for the document root
    cls: ClassInfo
    evidence: str


def link_sections(project: Project, schema: dict[str, str]) -> list[Link]:
    """Bind each config section to a class: the pack's schema, else names and field overlap."""
    links: dict[str, Link] = {}
    for prefix, ref in schema.items():
        if ref in project.classes:
            links[prefix] = Link(prefix, project.classes[ref], "the pack's schema")
    public = [c for c in project.classes.values() if not c.name.startswith("_")]  # private classes hold no config
    for section, keys in sections(project).items():
        if section in links or not public:
            continue
        score, evidence, cls = max(((*_score(section, keys, c), c) for c in public), key=lambda s: s[0])
        if score >= LINK_THRESHOLD:
            links[section] = Link(section, cls, evidence)
    return sorted(links.values(), key=lambda link: link.section)


def sections(project: Project) -> dict[str, set[str]]:
    """Every config section with its keys, plus the sections the code reads where some config
    holds a scalar instead (``distributed: true`` while the code reads ``distributed.backend``)."""
    out: dict[str, set[str]] = {}
    for config in project.configs:
        _collect(config.data, "", out)
    in_configs = {path for config in project.configs for path in _paths(config.data)}
    for read in project.reads:
        if read.how in ("key", "flag") and read.section in in_configs:
            out.setdefault(read.section, set()).add(read.key)
    return out


def _paths(data: dict[str, Any], prefix: str = "") -> set[str]:
    out = set()
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        out.add(path)
        if isinstance(value, dict):
            out |= _paths(value, path)
    return out


def _collect(data: dict[str, Any], prefix: str, out: dict[str, set[str]]) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and value:
            path = f"{prefix}.{key}" if prefix else str(key)
            out.setdefault(path, set()).update(map(str, value))
            _collect(value, path, out)


def _score(section: str, keys: set[str], cls: ClassInfo) -> tuple[float, str]:
    """(score, evidence): a name that matches, plus the share of the section's keys that are fields."""
    name_score, name_evidence = _name_score(section.split(".")[-1], cls.name)
    shared = len(keys & set(cls.fields))
    others = [f for f in cls.fields if f not in keys]
    near = sum(1 for key in keys - set(cls.fields) if best_match(key, others, CONFIDENT))  # loss_weight ~ mtp_loss_weight
    overlap = (shared + 0.5 * near) / max(len(keys), 1)
    # a section whose keys are nearly all the class's fields is linked even under another name
    overlap_score = 0.4 * overlap + (0.2 if shared >= 3 and overlap >= 0.75 else 0.0)
    evidence = [name_evidence] if name_score else []
    if shared:
        evidence.append(f"{shared} of its {len(keys)} keys are fields")
    if near:
        evidence.append(f"{near} near-miss{'es' if near > 1 else ''} of fields")
    return name_score + overlap_score, ", ".join(evidence)


def _name_score(name: str, class_name: str) -> tuple[float, str]:
    words = tokens(class_name)
    while len(words) > 1 and words[-1] in CLASS_SUFFIXES:
        words.pop()
    cls_joined, name_joined = "".join(words), "".join(tokens(name))
    if cls_joined == name_joined:
        return 0.6, f"section name {name!r} ~ {class_name}"
    prefix = len(name_joined) >= 3 and (cls_joined.startswith(name_joined) or cls_joined.endswith(name_joined))
    stem = any(w[:5] == t[:5] and len(t) >= 5 for w in words for t in tokens(name))  # compile ~ compilation
    if prefix or stem:
        return 0.45, f"section name {name!r} ~ {class_name}"
    return 0.0, ""
