"""Composing YAML at C speed: ruamel's C parser (libyaml) with a resolver built once.

``YAML(typ="safe").compose_all`` spends most of its time outside the C parser: it defines a new
loader class for every call, rebuilds the YAML 1.2 implicit-resolver table for every file, asks
for the YAML version through a chain of ``try``/``except`` for every scalar and creates a new
``Tag`` for every node. Here the loader class and the table exist once and tags are shared, so a
file costs the C parser plus one table lookup per scalar. The nodes, marks and tags are the same
as ruamel's (same parser, same 1.2 rules); a file with a ``%YAML`` directive takes ruamel's own
path, which honours the version it names.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

_TABLE: dict[Any, list[tuple[str, Any]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        _starts: list[Any] = list(_first) if _first else [None]
        for _ch in _starts:
            _TABLE.setdefault(_ch, []).append((_tag, _regexp))
_ANY_START = _TABLE.get(None, [])
_TAGS: dict[str, Tag] = {}


def _shared_tag(suffix: str) -> Tag:
    tag = _TAGS.get(suffix)
    if tag is None:
        tag = _TAGS[suffix] = Tag(suffix=suffix)
    return tag


class _Resolver(BaseResolver):
    """YAML 1.2 implicit tags from a table built once; the same Tag object for the same tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            for tag, regexp in _TABLE.get(value[0] if value else "", []) + _ANY_START:
                if regexp.match(value):
                    return _shared_tag(tag)
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return None


class _Loader(CParser, _Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _Resolver.__init__(self, loadumper=self)


def compose_all(text: str) -> list[Node]:
    """Every document's root node (None documents left out); raises ruamel's errors."""
    loader = _Loader(text)
    try:
        docs = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                docs.append(node)
        return docs
    finally:
        loader.dispose()
