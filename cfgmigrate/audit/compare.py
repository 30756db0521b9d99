"""``cfgmigrate compare A B``: two configs (YAML, JSON, or a class's declared defaults) side by side:
values that differ, keys only in one, and type mismatches flagged apart (``'False'`` vs ``False``,
``0`` vs ``False``, ``0`` vs ``0.0``)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from cfgmigrate.audit.scan import REQUIRED, field_default, is_config_class
from cfgmigrate.verify.documents import load_with_lines

TYPE_NAMES = {bool: "bool", int: "int", float: "float", str: "str", type(None): "null"}


def load_side(spec: str, root: Path) -> dict[str, Any]:
    """Flattened ``{dotted.key: value}`` of a config file or of ``file.py::Class`` defaults."""
    path, _, name = spec.partition("::")
    try:
        if name and path.endswith(".py"):
            return class_defaults(root / path, name)
        data, _ = load_with_lines(root / spec)
    except OSError as e:
        raise ValueError(f"{path}: cannot read: {e.strerror}") from None
    except SyntaxError as e:
        raise ValueError(f"{path}:{e.lineno or 0}: cannot parse: {e.msg}") from None
    except ValueError as e:  # the document loader names the file without its folder
        raise ValueError(f"{path}: {str(e).removeprefix(Path(path).name + ': ')}") from None
    return flatten(data)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict) or not data:
        return {prefix: data} if prefix else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def class_defaults(path: Path, name: str) -> dict[str, Any]:
    """A class's declared defaults, read statically; nested config classes flattened with dots."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    if name not in classes:
        raise ValueError(f"no class {name}")
    return _defaults(classes[name], classes, "")


def _defaults(cls: ast.ClassDef, classes: dict[str, ast.ClassDef], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for base in cls.bases:  # inherited fields first, the subclass overrides them
        if isinstance(base, ast.Name) and base.id in classes:
            out.update(_defaults(classes[base.id], classes, prefix))
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        nested = ast.unparse(stmt.annotation)
        if stmt.target.id.startswith("_") or "ClassVar" in nested:  # no fields of the config
            continue
        key = f"{prefix}{stmt.target.id}"
        if nested in classes and is_config_class(classes[nested]):
            out.update(_defaults(classes[nested], classes, key + "."))
            continue
        value = field_default(stmt.value)
        out[key] = "<required>" if value is REQUIRED else value
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    different, mismatches = [], []
    for key in sorted(set(a) & set(b)):
        va, vb = a[key], b[key]
        if _kind(va) != _kind(vb) and None not in (va, vb) and "<required>" not in (va, vb):
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
