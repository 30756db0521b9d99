"""The audit: each config section linked to its class, and every discrepancy between the configs,
the class and the code that reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.audit.names import best_match, tokens
from cfgmigrate.audit.scan import ClassInfo, Project, Read

CONFIDENT = 0.75


@dataclass(frozen=True)
class Finding:
    kind: str  # unknown-key | missing-required | parser-reads-missing | near-miss | wrong-depth | type-mismatch
    section: str
    cls: str
    key: str
    where: str  # file:line
    message: str
    suggestion: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    confidence: float = 1.0


@dataclass(frozen=True)
class Link:
    section: str
    cls: ClassInfo
    evidence: str


def link_sections(project: Project, schema: dict[str, str]) -> list[Link]:
    """Bind each config section to a class: the pack's schema, else names and field overlap."""
    links: dict[str, Link] = {}
    for prefix, ref in schema.items():
        cls = next((c for c in project.classes.values() if c.ref == ref), None)
        if cls:
            links[prefix] = Link(prefix, cls, "the pack's schema")
    for section, keys in _sections(project).items():
        if section in links:
            continue
        public = [c for c in project.classes.values() if not c.name.startswith("_")]  # private classes hold no config
        scored = sorted(((_score(section, keys, c), c) for c in public), key=lambda s: -s[0][0])
        if scored and scored[0][0][0] >= 0.5:
            (score, evidence), cls = scored[0]
            links[section] = Link(section, cls, evidence)
    return sorted(links.values(), key=lambda link: link.section)


def _sections(project: Project) -> dict[str, set[str]]:
    """Every config section with its keys, plus the sections the code reads (even where a config
    holds a scalar instead of a section)."""
    out: dict[str, set[str]] = {}
    for config in project.configs:
        _collect(config.data, "", out)
    keys_in_configs = {path for config in project.configs for path in _paths(config.data)}
    for read in project.reads:
        if read.how == "key" and read.section in keys_in_configs:  # a section some config has, even as a scalar
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
    name = section.split(".")[-1]
    words = tokens(cls.name.removesuffix("Config").removesuffix("Settings").removesuffix("Args"))
    overlap = len(keys & set(cls.fields)) / max(len(keys), 1)
    exact = tokens(name) == words or name.replace("_", "") == "".join(words)
    related = any(w[:5] == t[:5] and len(t) >= 5 for w in words for t in tokens(name))
    name_match = exact or related
    score = (0.6 if exact else 0.45 if related else 0.0) + 0.4 * overlap
    return score, f"section name {name!r} ~ {cls.name}" * name_match + (", " if name_match and overlap else "") + (
        f"{overlap:.0%} of its keys are fields" if overlap else ""
    )


def audit(project: Project, links: list[Link]) -> list[Finding]:
    out: list[Finding] = []
    sections = {link.section for link in links}
    for link in links:
        out += SectionAudit(project, link, sections).findings()
    out += _wrong_depth(project, sections)
    return out


class SectionAudit:
    """Configs vs class vs parser, for one section and its class."""

    def __init__(self, project: Project, link: Link, sections: set[str]) -> None:
        self.project, self.link, self.cls = project, link, link.cls
        self.section = link.section
        subsections = {s.removeprefix(self.section + ".") for s in sections if s.startswith(self.section + ".")}
        self.config_keys = self._config_keys(subsections)
        self.reads = [r for r in project.reads if (r.section == self.section and r.how == "key") or self._constructs(r)]
        self.parser = sorted({r.key for r in self.reads} - subsections)
        self.renamed_to: set[str] = set()

    def _constructs(self, read: Read) -> bool:
        """A constructor call of this class (not of another class with the same name)."""
        if read.section != f"class:{self.cls.name}":
            return False
        module = self.cls.path.removesuffix(".py").replace("/", ".")
        return not read.origin or module.endswith(read.origin.lstrip(".")) or read.origin.endswith(module.split(".")[-1])

    def _config_keys(self, subsections: set[str]) -> dict[str, tuple[str, Any]]:
        out: dict[str, tuple[str, Any]] = {}
        for config in self.project.configs:
            data: Any = config.data
            loc: tuple[Any, ...] = ()
            for part in self.section.split("."):
                data = data.get(part) if isinstance(data, dict) else None
                loc += (part,)
            if isinstance(data, dict):
                for key, value in data.items():
                    if key not in subsections:
                        out.setdefault(str(key), (f"{config.path}:{config.lines.get(loc + (key,), 0)}", value))
        return out

    def finding(
        self, kind: str, key: str, where: str, message: str, suggestion: dict[str, Any] | None = None, confidence: float = 1.0
    ) -> Finding:
        return Finding(kind, self.section, self.cls.name, key, where, message, suggestion or {}, confidence)

    def findings(self) -> list[Finding]:
        return self._section_shape() + self._config_side() + self._parser_side() + self._required() + self._types()

    def _section_shape(self) -> list[Finding]:
        """A config that holds a scalar where the class expects a whole section."""
        out = []
        for config in self.project.configs:
            *parents, last = self.section.split(".")
            data: Any = config.data
            for part in parents:
                data = data.get(part) if isinstance(data, dict) else None
            if (
                isinstance(data, dict) and data.get(last) is not None and not isinstance(data[last], dict)
            ):  # null: an absent section
                where = f"{config.path}:{config.lines.get(tuple(self.section.split('.')), 0)}"
                value = data[last]
                message = f"{self.section}: {value!r} where {self.cls.name} expects a section"
                defaults = {f: d.default for f, d in self.cls.fields.items() if not d.required}
                scalar = isinstance(value, (bool, int, float, str))
                suggestion = {"map": self.section, "values": {value: defaults}} if scalar else {}
                out.append(self.finding("type-mismatch", last, where, message, suggestion, 0.6))
        return out

    def _config_side(self) -> list[Finding]:
        """Names in configs or the class that the code reads under another name, or not at all."""
        out = []
        parser_only = [p for p in self.parser if p not in self.config_keys and p not in self.cls.fields]
        names = sorted(set(self.config_keys) | set(self.cls.fields))
        for key in names:
            if key in self.parser or (not self.parser and key in self.cls.fields):
                continue
            match = best_match(key, parser_only) or (
                best_match(key, [f for f in self.cls.fields if f not in self.config_keys]) if key not in self.cls.fields else None
            )
            where = self.config_keys[key][0] if key in self.config_keys else f"{self.cls.path}:{self.cls.fields[key].line}"
            if match:
                name, score, why = match
                self.renamed_to.add(name)
                out.append(
                    self.finding(
                        "near-miss",
                        key,
                        where,
                        f"{key!r} ~ {name!r} ({why})",
                        {"rename": f"{self.section}.{key}", "to": name},
                        score,
                    )
                )
            elif key not in self.cls.fields:
                out.append(
                    self.finding(
                        "unknown-key",
                        key,
                        where,
                        f"config key {key!r} is not a field of {self.cls.name}",
                        _add(self.section, key, self.config_keys[key][1]),
                    )
                )
        return out

    def _class_side(self) -> list[Finding]:
        return []

    def _parser_side(self) -> list[Finding]:
        out = []
        for key in self.parser:
            if key in self.cls.fields or key in self.renamed_to:
                continue
            read = max((r for r in self.reads if r.key == key), key=lambda r: (r.has_default, r.how == "key"))
            value = self.config_keys.get(key, ("", read.default))[1]
            out.append(
                self.finding(
                    "parser-reads-missing",
                    key,
                    f"{read.path}:{read.line}",
                    f"the code reads {key!r} but {self.cls.name} has no such field",
                    _add(self.section, key, value),
                )
            )
        return out

    def _required(self) -> list[Finding]:
        out = []
        for name, f in sorted(self.cls.fields.items()):
            if not f.required or name in self.config_keys or name in self.renamed_to:
                continue
            read = next((r for r in self.reads if r.key == name and r.has_default), None)
            suggestion = {"set_default": f"{self.section}.{name}", "value": read.default} if read else {}
            out.append(
                self.finding(
                    "missing-required",
                    name,
                    f"{self.cls.path}:{f.line}",
                    f"required field {self.cls.name}.{name} is in no config"
                    + (f"; the code defaults it to {read.default!r}" if read else ""),
                    suggestion,
                )
            )
        return out

    def _types(self) -> list[Finding]:
        out = []
        for key, (where, value) in sorted(self.config_keys.items()):
            f = self.cls.fields.get(key)
            wanted = _coercion(f.annotation, value) if f else None
            if wanted and f is not None:
                out.append(
                    self.finding(
                        "type-mismatch",
                        key,
                        where,
                        f"{key}: {value!r} ({type(value).__name__}) where {self.cls.name} declares {f.annotation}",
                        {"coerce": f"{self.section}.{key}", "to": wanted},
                    )
                )
        return out


def _coercion(annotation: str, value: Any) -> str | None:
    base = annotation.replace("Optional[", "").replace("| None", "").strip(" ]")
    if base == "bool" and not isinstance(value, bool):
        return "bool"
    if base == "float" and (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
        return "float"
    if base == "int" and isinstance(value, str):
        return "int"
    return None


def _add(section: str, key: str, value: Any) -> dict[str, Any]:
    kinds = {bool: "bool", int: "int", float: "float", str: "str", list: "list[str]", dict: "dict"}
    annotation = kinds.get(type(value), "str | None") if value is not None else "str | None"
    return {"add": f"{section}.{key}", "type": annotation, "default": value}


def _wrong_depth(project: Project, sections: set[str]) -> list[Finding]:
    out = []
    for config in project.configs:
        for key, value in config.data.items():
            if isinstance(value, dict):
                continue
            for read in project.reads:
                if read.key == key and read.how == "key" and isinstance(config.data.get(read.section), dict):
                    where = f"{config.path}:{config.lines.get((key,), 0)}"
                    message = f"{key!r} is at the root of {config.path} but {read.path}:{read.line} reads {read.section}.{key}"
                    out.append(Finding("wrong-depth", "", "", key, where, message, {"move": key, "to": f"{read.section}.{key}"}))
                    break
    return out
