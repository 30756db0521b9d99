"""The audit: for each config section and the class linked to it, every discrepancy between the
configs, the class and the code that reads them; plus keys at the wrong depth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.audit.link import Link
from cfgmigrate.audit.names import best_match
from cfgmigrate.audit.reads import Read
from cfgmigrate.audit.scan import ConfigFile, Project

CONFIDENT = 0.75  # findings below this are emitted as commented-out rules
KINDS = ("near-miss", "wrong-depth", "type-mismatch", "unknown-key", "parser-reads-missing", "missing-required")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    section: str
    cls: str
    key: str
    where: str  # file:line
    message: str
    suggestion: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    confidence: float = 1.0


def audit(project: Project, links: list[Link], known: set[str] | None = None) -> list[Finding]:
    """Every finding: section by section (in link order), then keys at the wrong depth. ``known``:
    every section that holds a class (its keys are subsections, not fields of the parent)."""
    out: list[Finding] = []
    sections = {link.section for link in links} | (known or set())
    for link in links:
        out += SectionAudit(project, link, sections).findings()
    return out + wrong_depth(project)


def join(section: str, key: str) -> str:
    return f"{section}.{key}" if section else key


def _instances(data: Any, loc: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """The mappings a section holds: itself, or each mapping in a list of them
    (``aggregate_metric_list: [{metric: acc, ...}]``, one class instance per item)."""
    if isinstance(data, dict):
        return [(loc, data)]
    if isinstance(data, list):
        return [(loc + (i,), item) for i, item in enumerate(data) if isinstance(item, dict)]
    return []


def mapping_at(config: ConfigFile, section: str) -> Any:
    """What a config holds at a dotted path ('' is the whole document); None when absent."""
    data: Any = config.data
    for part in section.split(".") if section else ():
        data = data.get(part) if isinstance(data, dict) else None
    return data


class SectionAudit:
    """Configs vs class vs the code that reads them, for one section and its class."""

    def __init__(self, project: Project, link: Link, sections: set[str]) -> None:
        self.project, self.cls, self.section = project, link.cls, link.section
        prefix = join(self.section, "")
        self.subsections = {s.removeprefix(prefix) for s in sections if s != self.section and s.startswith(prefix)}
        self.occurrences = self._occurrences()
        self.reads = [r for r in project.reads if self._reads_here(r)]
        self.parser = sorted({r.key for r in self.reads} - self.subsections)
        self.renamed_to: set[str] = set()

    def _reads_here(self, read: Read) -> bool:
        if read.how in ("key", "flag"):  # at the root, any x["k"] and any script's --flag would count: too vague
            return read.section == self.section != ""
        if read.section != f"class:{self.cls.name}":
            return False
        module = self.cls.path.removesuffix(".py").replace("/", ".")  # only calls of this class, not a namesake
        return not read.origin or module.endswith(read.origin.lstrip(".")) or read.origin.endswith(module.split(".")[-1])

    def _occurrences(self) -> dict[str, list[tuple[str, Any]]]:
        """Each key of this section in any config: [(file:line, value), ...] in config order."""
        out: dict[str, list[tuple[str, Any]]] = {}
        loc = tuple(self.section.split(".")) if self.section else ()
        for config in self.project.configs:
            for item_loc, data in _instances(mapping_at(config, self.section), loc):
                for key, value in data.items():
                    if key not in self.subsections:
                        where = f"{config.path}:{config.lines.get(item_loc + (key,), 0)}"
                        out.setdefault(str(key), []).append((where, value))
        return out

    def finding(
        self, kind: str, key: str, where: str, message: str, suggestion: dict[str, Any], confidence: float = 1.0
    ) -> Finding:
        return Finding(kind, self.section, self.cls.name, key, where, message, suggestion, confidence)

    def findings(self) -> list[Finding]:
        return self._section_shape() + self._names() + self._parser_side() + self._required() + self._types()

    def _section_shape(self) -> list[Finding]:
        """A config that holds a scalar where the class expects a whole section."""
        out = []
        for config in self.project.configs:
            value = mapping_at(config, self.section)
            if value is None or isinstance(value, (dict, list)):  # null: an absent section; a list: one per item
                continue
            where = f"{config.path}:{config.lines.get(tuple(self.section.split('.')), 0)}"
            defaults = {f: d.default for f, d in self.cls.fields.items() if not d.required}
            suggestion = {"map": self.section, "values": {value: defaults}}
            message = f"{self.section}: {value!r} where {self.cls.name} expects a section"
            out.append(self.finding("type-mismatch", self.section.split(".")[-1], where, message, suggestion, 0.6))
        return out

    def _names(self) -> list[Finding]:
        """Names in configs or the class that the code reads under another name, or not at all."""
        out = []
        fields = self.cls.fields
        read_only = [p for p in self.parser if p not in self.occurrences and p not in fields]
        for key in sorted(set(self.occurrences) | set(fields)):
            if key in self.parser or (key in fields and not self.parser):  # no code reads the section: nothing to compare
                continue
            match = best_match(key, read_only)
            if match is None and key not in fields:
                match = best_match(key, [f for f in fields if f not in self.occurrences])
            where = self.occurrences[key][0][0] if key in self.occurrences else f"{fields[key].path}:{fields[key].line}"
            if match:
                name, score, why = match
                self.renamed_to.add(name)
                suggestion = {"rename": join(self.section, key), "to": name}
                out.append(self.finding("near-miss", key, where, f"{key!r} ~ {name!r} ({why})", suggestion, score))
            elif key not in fields:
                message = f"config key {key!r} is not a field of {self.cls.name}"
                out.append(self.finding("unknown-key", key, where, message, self._add(key)))
        return out

    def _parser_side(self) -> list[Finding]:
        out = []
        for key in self.parser:
            if key in self.cls.fields or key in self.renamed_to:
                continue
            read = max((r for r in self.reads if r.key == key), key=lambda r: (r.has_default, r.how == "key"))
            message = f"the code reads {key!r} but {self.cls.name} has no such field"
            out.append(self.finding("parser-reads-missing", key, f"{read.path}:{read.line}", message, self._add(key)))
        return out

    def _required(self) -> list[Finding]:
        out = []
        for name, f in sorted(self.cls.fields.items()):
            if not f.required or name in self.occurrences or name in self.renamed_to:
                continue
            read = next((r for r in self.reads if r.key == name and r.has_default), None)
            suggestion = {"set_default": join(self.section, name), "value": read.default} if read else {}
            message = f"required field {self.cls.name}.{name} is in no config"
            message += f"; the code defaults it to {read.default!r}" if read else ""
            out.append(self.finding("missing-required", name, f"{f.path}:{f.line}", message, suggestion))
        return out

    def _types(self) -> list[Finding]:
        out = []
        for key, seen in sorted(self.occurrences.items()):
            f = self.cls.fields.get(key)
            for where, value in seen if f else ():
                wanted = coercion(f.annotation, value)  # type: ignore[union-attr]
                if wanted:
                    message = f"{key}: {value!r} ({type(value).__name__}) where {self.cls.name} declares {f.annotation}"  # type: ignore[union-attr]
                    out.append(
                        self.finding("type-mismatch", key, where, message, {"coerce": join(self.section, key), "to": wanted})
                    )
        return out

    def _add(self, key: str) -> dict[str, Any]:
        """An ``add`` rule for a field the class lacks: the type of the value configs give, and the
        code's default where it has one (what the program used when the key was absent)."""
        read = next((r for r in self.reads if r.key == key and r.has_default), None)
        values = [value for _, value in self.occurrences.get(key, [])]
        default = read.default if read else None
        return {"add": join(self.section, key), "type": annotation_for([*values, default]), "default": default}


def coercion(annotation: str, value: Any) -> str | None:
    """The coercion that makes ``value`` fit ``annotation`` (``'False'`` for bool, ``0`` for float)."""
    base = annotation.replace("Optional[", "").replace("| None", "").replace("None |", "").strip(" ]")
    if base == "bool" and not isinstance(value, bool) and value is not None:
        return "bool"
    if base == "float" and (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
        return "float"
    if base == "int" and isinstance(value, str):
        return "int"
    return None


def annotation_for(values: list[Any]) -> str:
    """A field annotation that admits every value (``None`` makes it optional)."""
    names = {bool: "bool", int: "int", float: "float", str: "str", dict: "dict"}
    kinds = []
    for value in values:
        if isinstance(value, list):
            items = sorted({names.get(type(v), "str") for v in value})
            kind = f"list[{items[0]}]" if len(items) == 1 else "list"
        else:
            kind = names.get(type(value), "str") if value is not None else ""
        if kind and kind not in kinds:
            kinds.append(kind)
    base = "float" if set(kinds) == {"int", "float"} else kinds[0] if len(kinds) == 1 else "str" if not kinds else "Any"
    return f"{base} | None" if None in values else base


def wrong_depth(project: Project) -> list[Finding]:
    """Scalars at the root of a config that the code reads inside a section the config has, and
    whose section there is of the shape that code reads (a results file with a ``config`` section of
    other keys is not)."""
    out = []
    nested = [r for r in project.reads if r.how in ("key", "flag") and r.section]
    read_in: dict[str, set[str]] = {}
    for r in nested:
        read_in.setdefault(r.section, set()).add(r.key)
    for config in project.configs:
        for key, value in config.data.items():
            read = next(
                (r for r in nested if r.key == key and _shaped(mapping_at(config, r.section), read_in[r.section] - {key})), None
            )
            if isinstance(value, dict) or read is None:
                continue
            where = f"{config.path}:{config.lines.get((key,), 0)}"
            message = f"{key!r} is at the root of {config.path} but {read.path}:{read.line} reads {read.section}.{key}"
            out.append(Finding("wrong-depth", "", "", key, where, message, {"move": key, "to": join(read.section, key)}))
    return out


def _shaped(section: Any, others: set[str]) -> bool:
    """A section of the shape the code reads: it has one of the other keys read there (when the
    code names at least two; fewer, as when it reads through a loop, say nothing of the shape)."""
    return isinstance(section, dict) and (len(others) < 2 or bool(others & set(section)))
