"""``cfgmigrate compare A B``: two configs (YAML, JSON, a ``key: value`` text dump, or a class's
declared defaults with everything it inherits) side by side: values that differ, keys only in one,
and type mismatches flagged apart (``'False'`` vs ``False``, ``0`` vs ``False``, ``0`` vs ``0.0``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfgmigrate.audit.textdump import read_dump
from cfgmigrate.classes import REQUIRED, ClassReader, Computed, ConfigClass
from cfgmigrate.verify.documents import load_with_lines

TYPE_NAMES = {bool: "bool", int: "int", float: "float", str: "str", type(None): "null"}
FORMATS = ("auto", "yaml", "json", "text")
DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\.[A-Z]\w*")  # pkg.mod.Class


@dataclass
class Side:
    """One side of a comparison: flattened ``{dotted.key: value}``, and what could not be read."""

    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    cls: ConfigClass | None = None


def load_side(spec: str, root: Path, fmt: str = "auto", reader: ClassReader | None = None) -> Side:
    """A config file (``fmt`` text: a ``key: value`` dump) or ``file.py::Class`` defaults."""
    path, _, name = spec.partition("::")
    reader = reader or ClassReader(root)
    if name and path.endswith(".py"):
        return class_side(reader, path, name)
    if DOTTED.fullmatch(spec) and not (root / spec).exists():  # an importable class: transformers.LlamaConfig
        cls = reader.read_dotted(spec)
        if cls is None:
            raise ValueError(f"{spec}: no such file, and no class of that import name on the search path")
        return _side_of(reader, cls)
    try:
        if fmt == "text":
            return Side(flatten(read_dump(root / spec)[0]))
        data, _ = load_with_lines(root / spec)
    except OSError as e:
        raise ValueError(f"{path}: cannot read: {e.strerror}") from None
    except ValueError as e:  # the loaders name the file without its folder
        message, name = str(e), Path(path).name
        raise ValueError(path + message[len(name) :] if message.startswith(name + ":") else f"{path}: {message}") from None
    return Side(flatten(data))


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict) or not data:
        return {prefix: data} if prefix else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def class_side(reader: ClassReader, path: str, name: str) -> Side:
    """A class's declared defaults, inherited ones included; nested config classes flattened."""
    try:
        reader.load(reader.root / path)
    except OSError as e:
        raise ValueError(f"{path}: cannot read: {e.strerror}") from None
    except SyntaxError as e:
        raise ValueError(f"{path}:{e.lineno or 0}: cannot parse: {e.msg}") from None
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError(f"{path}: cannot read: {e}") from None
    cls = reader.read(path, name)
    if cls is None:
        raise ValueError(f"{path}: no class {name}")
    return _side_of(reader, cls)


def _side_of(reader: ClassReader, cls: ConfigClass) -> Side:
    notes: list[str] = []
    return Side(_defaults(reader, cls, "", notes, {cls.ref}), notes, cls)


def _defaults(reader: ClassReader, cls: ConfigClass, prefix: str, notes: list[str], seen: set[str]) -> dict[str, Any]:
    notes += [u for u in cls.unresolved if u not in notes]
    out: dict[str, Any] = {}
    for key, f in cls.fields.items():
        # a nested config class is flattened where it is built (required, or a default_factory)
        nested = reader.field_class(cls, key) if f.required or isinstance(f.default, Computed) else None
        if nested is not None and nested.ref not in seen:
            out.update(_defaults(reader, nested, f"{prefix}{key}.", notes, seen | {nested.ref}))
        else:
            out[prefix + key] = "<required>" if f.default is REQUIRED or f.required else f.default
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Values that differ, type mismatches, keys only in A, keys only in B, and their counts."""
    different, mismatches = [], []
    for key in sorted(set(a) & set(b)):
        va, vb = a[key], b[key]
        comparable = None not in (va, vb) and "<required>" not in (va, vb) and "computed" not in (_kind(va), _kind(vb))
        if _kind(va) != _kind(vb) and comparable:
            mismatches.append({"key": key, "a": va, "b": vb, "types": f"{_kind(va)} vs {_kind(vb)}"})
        elif va != vb:
            different.append({"key": key, "a": va, "b": vb})
    only_a = [{"key": k, "a": a[k]} for k in sorted(set(a) - set(b))]
    only_b = [{"key": k, "b": b[k]} for k in sorted(set(b) - set(a))]
    summary = {
        "in_a": len(a),
        "in_b": len(b),
        "different": len(different),
        "type_mismatches": len(mismatches),
        "only_in_a": len(only_a),
        "only_in_b": len(only_b),
    }
    return {"different": different, "type_mismatches": mismatches, "only_in_a": only_a, "only_in_b": only_b, "summary": summary}


def _kind(value: Any) -> str:
    if isinstance(value, Computed):
        return "computed"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def coercions(diff: dict[str, Any], name: str, files: list[str]) -> str:
    """A pack coercing B's mismatched values to A's types."""
    lines = [
        f"name: {name}",
        "description: Type fixes found by cfgmigrate compare",
        f"files: {files!r}".replace("'", '"'),
        "rules:",
    ]
    for m in diff["type_mismatches"]:
        to = _kind(m["a"])
        if to in ("bool", "int", "float", "str"):
            key = m["key"].split(".")[-1]
            lines += [
                f"  # {m['key']}: {m['a']!r} in A, {m['b']!r} in B ({m['types']})",
                f"  - id: {key.replace('_', '-')}-{to}",
                f'    coerce: "**.{key}"',
                f"    to: {to}",
            ]
    return "\n".join(lines) + "\n"
