"""Findings from how the code fills config classes, config file by config file: a key the code
subscripts that a config lacks (its loader raises ``KeyError``), a value outside a ``Literal`` or an
enum, a scalar where the code reads a section, a key no code reads, and constructor calls that
miss a required field or pass one the class lacks. Each carries the code line that backs it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from cfgmigrate.audit.assembly import Assembly, Demand
from cfgmigrate.audit.findings import Finding, coercion, mapping_at
from cfgmigrate.audit.names import best_match
from cfgmigrate.audit.scan import ConfigFile
from cfgmigrate.classes import ClassReader, Computed, ConfigClass

NOTE = 0.6  # below the emit threshold: reported, written commented out


def filled_findings(reader: ClassReader, assembly: Assembly, configs: list[ConfigFile]) -> list[Finding]:
    out: list[Finding] = []
    for config in configs:
        out += _per_file(reader, assembly, config, configs)
    return _unique(out + list(_calls(assembly)))


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _line(config: ConfigFile, dotted: str) -> str:
    loc = tuple(dotted.split(".")) if dotted else ()
    while loc and loc not in config.lines:
        loc = loc[:-1]
    return f"{config.path}:{config.lines.get(loc, 1)}"


def _applies(config: ConfigFile, demand: Demand) -> bool:
    """Whether the constructor call runs for this config: its ``==`` conditions on config values."""
    for dotted, value, eq, default in demand.guards:
        section, _, key = dotted.rpartition(".")
        mapping = mapping_at(config, section)
        actual = mapping.get(key, default) if isinstance(mapping, dict) else default
        if (actual == value) != eq:
            return False
    return True


def _per_file(reader: ClassReader, assembly: Assembly, config: ConfigFile, configs: list[ConfigFile]) -> list[Finding]:
    out: list[Finding] = []
    foreign = _foreign_roots(assembly, config)
    for d in assembly.demands:
        section = mapping_at(config, d.section)
        if section is None or not _applies(config, d) or (d.section == "" and d.call in foreign):
            continue
        if not isinstance(section, dict):
            out.append(_scalar_section(config, d, section, assembly))
        elif d.field == "":
            out += _splat(config, d, section)
        elif d.key not in section:
            if d.required:
                out.append(_missing(config, d, configs))
        else:
            out += _value(reader, config, d, section[d.key])
    return out + _unread(assembly, config, foreign) + list(_converted(reader, assembly, config))


def _foreign_roots(assembly: Assembly, config: ConfigFile) -> set[str]:
    """The constructor calls filled from a document's root that this config is not of: it has none
    of the keys the call reads there. Every config has a root, so without this a checkpoint's
    ``json.load`` read by one script would be held against every config of the project."""
    keys: dict[str, set[str]] = {}
    for d in assembly.demands:
        if d.section == "" and d.key:
            keys.setdefault(d.call, set()).add(d.key)
    return {call for call, wanted in keys.items() if not wanted & set(config.data)}


def _scalar_section(config: ConfigFile, d: Demand, value: Any, assembly: Assembly) -> Finding:
    keys = sorted({x.key for x in assembly.demands if x.section == d.section and x.key})
    message = f"{d.section}: {value!r} where the code reads a section ({', '.join(keys)}) for {d.cls.name} at {d.call}"
    return Finding(
        "section-expected",
        d.section.rpartition(".")[0],
        d.cls.name,
        d.section.rpartition(".")[2],
        _line(config, d.section),
        message,
        {},
        0.9,
    )


def _missing(config: ConfigFile, d: Demand, configs: list[ConfigFile]) -> Finding:
    """The code subscripts a key this config lacks. The fix writes the key into the configs
    (``add`` with ``configs: true``): with the class's default, or, for a field without one, with
    the value every other config taking the same branch gives it, as a note for a person to confirm."""
    field = d.cls.fields.get(d.field)
    message = f"{d.section or '(root)'} has no {d.key!r}: {d.where} reads it with [] for {d.cls.name}.{d.field}, so loading raises KeyError"
    confidence = NOTE if d.conditional else 1.0
    suggestion: dict[str, Any] = {}
    if not d.section:
        message += " (a key at the root: `add` writes keys into sections only, so no rule is written)"
    elif field is not None and not field.required and not isinstance(field.default, Computed):
        suggestion = _add(d, field.default, config)
    elif field is not None and field.required:
        given = _given(configs, d)
        if len(given) == 1:
            suggestion, confidence = _add(d, given[0][0], config), NOTE
            message += f"; {d.cls.name}.{d.field} has no default, the other configs all set {given[0][0]!r} ({given[0][1]})"
        elif given:
            message += f"; {d.cls.name}.{d.field} has no default and the other configs disagree: " + ", ".join(
                f"{v!r} ({n})" for v, n in given
            )
    return Finding("missing-key", d.section, d.cls.name, d.key, _line(config, d.section), message, suggestion, confidence)


def _add(d: Demand, value: Any, config: ConfigFile) -> dict[str, Any]:
    """Written into the files the finding is about only (emit joins their lists): other configs of
    that section may be another kind of file (a root exists in every one)."""
    return {"add": _join(d.section, d.key), "default": value, "configs": True, "files": [config.path]}


def _given(configs: list[ConfigFile], d: Demand) -> list[tuple[Any, int]]:
    """The scalar values the configs give the key (where their section has it), most common first."""
    counts: dict[str, tuple[Any, int]] = {}
    for config in configs:
        section = mapping_at(config, d.section)
        if isinstance(section, dict) and d.key in section and _applies(config, d):
            value = section[d.key]
            if isinstance(value, (dict, list)):
                return []
            value_n = counts.get(repr(value), (value, 0))
            counts[repr(value)] = (value, value_n[1] + 1)
    return sorted(counts.values(), key=lambda vn: -vn[1])


def _splat(config: ConfigFile, d: Demand, section: dict[str, Any]) -> Iterator[Finding]:
    fields = d.cls.fields
    if d.cls.own_init or (section and len(fields) > 1 and not set(section) & set(fields)):
        return  # a hand-written __init__ takes what it takes; a section of none of its fields is another thing of that name
    for key in section:
        if key not in fields:
            message = f"{d.section}.{key} is not a field of {d.cls.name}, which {d.call} builds with **{d.section}: TypeError when loaded"
            yield Finding("unknown-key", d.section, d.cls.name, key, _line(config, _join(d.section, key)), message, {}, 1.0)
    for name, f in fields.items():
        if f.required and f.init and name not in section:
            message = f"{d.section} has no {name!r}, a required field of {d.cls.name} ({d.call} builds it with **{d.section}): TypeError when loaded"
            yield Finding("missing-key", d.section, d.cls.name, name, _line(config, d.section), message, {}, 1.0)


def _value(reader: ClassReader, config: ConfigFile, d: Demand, value: Any) -> Iterator[Finding]:
    field = d.cls.fields.get(d.field)
    if field is None:
        return
    where = _line(config, _join(d.section, d.key))
    allowed = literal_values(field.annotation)
    if allowed is not None and value not in allowed and value is not None:
        message = f"{_join(d.section, d.key)}: {value!r} is not one of {d.cls.name}.{d.field}'s {field.annotation} ({field.path}:{field.line})"
        yield Finding("literal-mismatch", d.section, d.cls.name, d.key, where, message, _nearest(value, allowed, d), 0.9)
        return
    enum = _enum_of(reader, d, field.annotation)
    if enum is not None and value not in enum[1]:
        message = f"{_join(d.section, d.key)}: {value!r} is not a value of {enum[0]} {enum[1]!r}: {d.where} converts it, so loading raises ValueError"
        yield Finding("enum-mismatch", d.section, d.cls.name, d.key, where, message, _nearest(value, enum[1], d), 1.0)
        return
    wanted = coercion(field.annotation, value)
    if wanted:
        message = f"{_join(d.section, d.key)}: {value!r} ({type(value).__name__}) where {d.cls.name}.{d.field} declares {field.annotation}"
        yield Finding(
            "type-mismatch", d.section, d.cls.name, d.key, where, message, {"coerce": _join(d.section, d.key), "to": wanted}, 0.8
        )


def _nearest(value: Any, allowed: list[Any], d: Demand) -> dict[str, Any]:
    """A ``map`` of the value to the allowed one spelled nearly the same (``layer_norm`` -> ``layernorm``),
    the allowed values kept as they are."""
    norm = str(value).replace("_", "").replace("-", "").lower()
    same = [a for a in allowed if isinstance(a, str) and a.replace("_", "").replace("-", "").lower() == norm]
    if len(same) != 1:
        return {}
    # the allowed values map to themselves, so that configs already right are not left for a person
    return {"map": _join(d.section, d.key), "values": {value: same[0], **{a: a for a in allowed}}}


def literal_values(annotation: str) -> list[Any] | None:
    """The values of a ``Literal[...]`` annotation (inside ``Optional``/``| None`` too)."""
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return None
    for inner in ast.walk(node):
        if isinstance(inner, ast.Subscript) and ast.unparse(inner.value).split(".")[-1] == "Literal":
            items = inner.slice.elts if isinstance(inner.slice, ast.Tuple) else [inner.slice]
            return [i.value for i in items if isinstance(i, ast.Constant)]
    return None


def _enum_of(reader: ClassReader, d: Demand, annotation: str) -> tuple[str, list[Any]] | None:
    for text in (d.wrap, annotation):
        try:
            expr = ast.parse(text, mode="eval").body if text else None
        except SyntaxError:
            continue
        cls = reader.class_named(d.call.rsplit(":", 1)[0], expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
        values = reader.enum_values(cls) if cls is not None else None
        if values:
            return cls.name, values  # type: ignore[union-attr]
    return None


def _converted(reader: ClassReader, assembly: Assembly, config: ConfigFile) -> Iterator[Finding]:
    """A value the code converts with an enum (``Architecture(d["architecture"])``) that is not one
    of its values: loading raises ValueError."""
    for key, file in assembly.converted:
        section, name = ".".join(key.path[:-1]), key.path[-1]
        mapping = mapping_at(config, section)
        if not isinstance(mapping, dict) or name not in mapping:
            continue
        cls = reader.class_named(file, ast.parse(key.wrap, mode="eval").body)
        values = reader.enum_values(cls) if cls is not None else None
        if values and mapping[name] not in values:
            message = f"{_join(section, name)}: {mapping[name]!r} is not a value of {cls.name} {values!r}: {file}:{key.line} converts it, so loading raises ValueError"  # type: ignore[union-attr]
            yield Finding("enum-mismatch", section, cls.name, name, _line(config, _join(section, name)), message, {}, 1.0)  # type: ignore[union-attr]


def _unread(assembly: Assembly, config: ConfigFile, foreign: set[str]) -> list[Finding]:
    """Keys of sections the code fills classes from, that no code reads: the loader drops them."""
    out = []
    sections = {d.section for d in assembly.demands if d.field and not (d.section == "" and d.call in foreign)}
    for section in sorted(sections):
        mapping = mapping_at(config, section)
        if not isinstance(mapping, dict):
            continue
        read = {d.key for d in assembly.demands if d.section == section} | assembly.reads.get(section, set())
        for key, value in mapping.items():
            if key in read or (isinstance(value, dict) and _join(section, key) in sections):
                continue
            message = f"no code reads {_join(section, key)}: the loader ignores it (the code reads {section or '(root)'} for {_readers(assembly, section)})"
            out.append(Finding("unread-key", section, "", key, _line(config, _join(section, key)), message, {}, 0.7))
    return out


def _readers(assembly: Assembly, section: str) -> str:
    names = dict.fromkeys(f"{d.cls.name} at {d.call}" for d in assembly.demands if d.section == section and d.field)
    return ", ".join(list(names)[:3])


def _calls(assembly: Assembly) -> Iterator[Finding]:
    """Constructor calls that miss a required field or pass one the class does not have."""
    for cls, fill, file in assembly.calls:
        if fill.opaque or fill.splats or cls.own_init:
            continue
        init = [n for n, f in cls.fields.items() if f.init]
        given = set(init[: len(fill.positional)]) | {name for name, _ in fill.keywords}
        where = f"{file}:{fill.line}"
        for name in init:
            if cls.fields[name].required and name not in given:
                message = f"{where} builds {cls.name} without its required field {name!r} ({cls.fields[name].path}:{cls.fields[name].line}): TypeError when it runs"
                yield Finding("call-misses-field", "", cls.name, name, where, message, {}, 0.9)
        for name in sorted(given - set(init)):
            message = f"{where} passes {name!r}, which {cls.name} has no field for: TypeError when it runs"
            yield _unknown_keyword(cls, name, [n for n in init if n not in given], where, message)


def _unknown_keyword(cls: ConfigClass, name: str, free: list[str], where: str, message: str) -> Finding:
    """A keyword the class lacks; when one of the fields the call leaves out is that setting under
    another name (``torch_dtype`` for ``dtype``), a keyword rename on the calls of that class."""
    match = best_match(name, free)
    dotted = _dotted(cls)
    if match is None or dotted is None:
        return Finding("call-unknown-field", "", cls.name, name, where, message, {}, 0.9)
    to, score, why = match
    message += f"; {cls.name}.{to} ~ {name!r} ({why})"
    suggestion = {"rename": name, "to": to, "calls": [dotted]}
    return Finding("call-unknown-field", "", cls.name, name, where, message, suggestion, min(0.9, score))


def _dotted(cls: ConfigClass) -> str | None:
    """The import name of a project class (``latentwire/models.py`` -> ``latentwire.models.LMConfig``)."""
    if cls.path.startswith("/") or not cls.path.endswith(".py"):
        return None
    module = cls.path.removesuffix(".py").removeprefix("src/").removesuffix("/__init__").replace("/", ".")
    return f"{module}.{cls.name}"


def _join(section: str, key: str) -> str:
    return f"{section}.{key}" if section else key
