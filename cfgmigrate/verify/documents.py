"""YAML/JSON config documents as plain data plus the line of every key."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any


def load_with_lines(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The document's data and {key location: 1-based line}."""
    text = path.read_text(encoding="utf-8")
    from ruamel.yaml import YAML

    try:
        doc = YAML(typ="rt").load(io.StringIO(text))  # JSON is YAML too, and keeps line marks
    except Exception as e:  # noqa: BLE001 - any parse failure is reported on the item
        raise ValueError(f"{path.name}: cannot parse: {str(e).splitlines()[0]}") from None
    lines: dict[tuple[Any, ...], int] = {}
    _collect(doc, (), lines)
    return _plain(doc) if path.suffix != ".json" else json.loads(text), lines


def _collect(node: Any, loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            with contextlib.suppress(AttributeError, KeyError, TypeError):
                lines[loc + (key,)] = node.lc.key(key)[0] + 1  # type: ignore[attr-defined]
            _collect(value, loc + (key,), lines)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _collect(value, loc + (i,), lines)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    for kind in (int, float, str):
        if isinstance(node, kind):
            return kind(node)
    return node


def section_of(data: Any, section: str | None) -> tuple[Any, tuple[Any, ...]]:
    """The mapping at a dotted key path (the whole document for None)."""
    if not section:
        return data, ()
    loc: tuple[Any, ...] = ()
    for part in section.split("."):
        if not isinstance(data, dict) or part not in data:
            raise ValueError(f"no section {section!r} in the config")
        data, loc = data[part], loc + (part,)
    return data, loc
