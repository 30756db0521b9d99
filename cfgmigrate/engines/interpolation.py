"""OmegaConf/Hydra interpolations (``${a.b}``, ``${.x}``, ``${..x}``) that follow a renamed or moved key."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
    return [(n, c) for n, c in _scalars(docs) if "${" in n.value and n.style not in ("|", ">")]


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


def _scalars(docs: list[Node]) -> Iterator[tuple[ScalarNode, tuple[Any, ...]]]:
    seen: set[int] = set()
    for doc in docs:
        yield from _walk(doc, (), seen)


def _walk(node: Node, container: tuple[Any, ...], seen: set[int]) -> Iterator[tuple[ScalarNode, tuple[Any, ...]]]:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        yield node, container
    elif isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(v, ScalarNode):
                yield from _walk(v, container, seen)
            elif isinstance(k, ScalarNode):
                yield from _walk(v, container + (k.value,), seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, container + (i,), seen) if not isinstance(item, ScalarNode) else _walk(item, container, seen)


def follow_in_data(data: Any, old: tuple[Any, ...], new: tuple[Any, ...], container: tuple[Any, ...] = ()) -> Any:
    """The same rewrite on plain data (the reference transformation of the equivalence check)."""
    if isinstance(data, dict):
        return {
            k: follow_in_data(v, old, new, container if not isinstance(v, (dict, list)) else container + (k,))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            follow_in_data(v, old, new, container if not isinstance(v, (dict, list)) else container + (i,))
            for i, v in enumerate(data)
        ]
    if isinstance(data, str) and "${" in data:
        return REFERENCE.sub(lambda m: "${" + (rewrite(m.group(1), container, old, new) or m.group(1)) + "}", data)
    return data
