"""Mappings that inherit keys through YAML merge keys (``<<: *base``): who inherits from whom.

A key renamed in ``base`` is renamed in every mapping that merges ``base`` too; where such a
mapping has its own key of the new name, the rename is a conflict there (SPEC "Semantics").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfgmigrate.engines.textdoc import Location, is_merge_key, merge_sources


@dataclass(frozen=True)
class Inheritor:
    """A mapping that merges another one, with where it is."""

    location: Location
    mapping: MappingNode
    doc: int


Index = dict[int, list[Inheritor]]  # id of a merged mapping -> the mappings that merge it


def inheritance(docs: list[Node]) -> Index:
    index: Index = {}
    seen: set[int] = set()
    for doc, root in enumerate(docs):
        for loc, mapping in _all_mappings(root, (), seen):
            for key, value in mapping.value:
                if isinstance(key, ScalarNode) and is_merge_key(key):
                    for source in merge_sources(value):
                        index.setdefault(id(source), []).append(Inheritor(loc, mapping, doc))
    return index


def _all_mappings(node: Node, loc: Location, seen: set[int]) -> Iterator[tuple[Location, MappingNode]]:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        yield loc, node
        for key, value in node.value:
            if isinstance(key, ScalarNode) and not is_merge_key(key):
                yield from _all_mappings(value, loc + (key.value,), seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _all_mappings(item, loc + (i,), seen)


def own_key(mapping: MappingNode, name: Any) -> tuple[ScalarNode, Node] | None:
    """The mapping's own ``name: value`` pair (not one it merges)."""
    for key, value in mapping.value:
        if isinstance(key, ScalarNode) and not is_merge_key(key) and key.value == name:
            return key, value
    return None


def inheriting(index: Index, mapping: MappingNode, old_key: Any) -> Iterator[Inheritor]:
    """Every mapping that inherits ``old_key`` from ``mapping`` (directly or through others)."""
    stack, seen = list(index.get(id(mapping), ())), {id(mapping)}
    while stack:
        heir = stack.pop(0)
        if id(heir.mapping) in seen or own_key(heir.mapping, old_key) is not None:
            continue  # a mapping with its own old_key does not inherit ours (its entry is matched itself)
        seen.add(id(heir.mapping))
        yield heir
        stack.extend(index.get(id(heir.mapping), ()))
