"""OmegaConf/Hydra interpolations (``${a.b}``, ``${.x}``, ``${..x}``) that follow a renamed or moved key."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfgmigrate.types import Edit

REFERENCE = re.compile(r"\$\{([^${}:]+)\}")


def resolve(ref: str, container: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Absolute location of a reference made from inside ``container`` (the value's parent)."""
    dots = len(ref) - len(ref.lstrip("."))
    body = ref[dots:]
    if not body:
        return None
    parts = tuple(int(p) if p.isdigit() else p for p in body.split("."))
    if dots == 0:
        return parts
    up = dots - 1
    if up > len(container):
        return None
    return container[: len(container) - up] + parts


def rewrite(ref: str, container: tuple[Any, ...], old: tuple[Any, ...], new: tuple[Any, ...]) -> str | None:
    """The reference text after ``old`` became ``new``, or None when it does not point into ``old``."""
    target = resolve(ref, container)
    if target is None or target[: len(old)] != old:
        return None
    moved = new + target[len(old) :]
    dots = len(ref) - len(ref.lstrip("."))
    if dots and old[:-1] == new[:-1] and len(target) == len(old):
        return ref[:dots] + ".".join(map(str, ref[dots:].split(".")[:-1] + [str(new[-1])]))
    return ".".join(map(str, moved))


def interpolated(docs: list[Node]) -> list[tuple[ScalarNode, tuple[Any, ...]]]:
    """The scalars that may hold an interpolation (``${`` in a value not written as a block
    scalar), each with its container's location: what :func:`follow` looks at."""
    found: list[tuple[ScalarNode, tuple[Any, ...]]] = []
    seen: set[int] = set()
    for doc in docs:
        _collect(doc, (), seen, found)
    return found


def follow(
    docs: list[Node],
    text: str,
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    scalars: list[tuple[ScalarNode, tuple[Any, ...]]] | None = None,
) -> list[Edit]:
    """Edits inside scalar values whose interpolations point at ``old`` (``scalars``: the
    documents' :func:`interpolated`, when already found)."""
    edits = []
    for node, container in interpolated(docs) if scalars is None else scalars:
        start, end = node.start_mark.index, node.end_mark.index
        source = text[start:end]
        for m in REFERENCE.finditer(source):
            replacement = rewrite(m.group(1), container, old, new)
            if replacement is not None:
                edits.append(Edit(start + m.start(1), start + m.end(1), replacement))
    return edits


def _collect(node: Node, container: tuple[Any, ...], seen: set[int], found: list[tuple[ScalarNode, tuple[Any, ...]]]) -> None:
    """The scalars under ``node`` (each aliased node visited once) that hold ``${`` and are not
    block scalars, with their container's location; keys are not looked at."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        if "${" in node.value and node.style not in ("|", ">"):
            found.append((node, container))
    elif isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(v, ScalarNode):
                if "${" in v.value:  # (a scalar without it holds nothing to find)
                    _collect(v, container, seen, found)
            elif isinstance(k, ScalarNode):
                _collect(v, container + (k.value,), seen, found)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            if not isinstance(item, ScalarNode):
                _collect(item, container + (i,), seen, found)
            elif "${" in item.value:
                _collect(item, container, seen, found)


def follow_in_data(data: Any, old: tuple[Any, ...], new: tuple[Any, ...], container: tuple[Any, ...] = ()) -> Any:
    """The same rewrite on plain data (the reference transformation of the equivalence check); a
    mapping or list is copied only where something under it changed."""
    if isinstance(data, str):
        return _followed(data, container, old, new) if "${" in data else data
    if not isinstance(data, (dict, list)):
        return data
    out: Any = None
    for k, v in data.items() if isinstance(data, dict) else enumerate(data):
        kind = type(v)
        if kind is not str and kind is not dict and kind is not list:  # (the usual types first: cheaper)
            if isinstance(v, str):
                kind = str
            elif isinstance(v, (dict, list)):
                kind = dict
            else:
                continue  # a number, a bool, None: nothing to follow
        if kind is str:
            if "${" not in v:
                continue
            w = _followed(v, container, old, new)
        else:
            w = follow_in_data(v, old, new, container + (k,))
        if w is not v:
            out = (dict(data) if isinstance(data, dict) else list(data)) if out is None else out
            out[k] = w
    return data if out is None else out


def _followed(text: str, container: tuple[Any, ...], old: tuple[Any, ...], new: tuple[Any, ...]) -> str:
    return REFERENCE.sub(lambda m: "${" + (rewrite(m.group(1), container, old, new) or m.group(1)) + "}", text)
