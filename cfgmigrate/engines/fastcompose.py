"""Composing YAML at C speed: ruamel's C parser (libyaml) with a resolver built once.

``YAML(typ="safe").compose_all`` spends most of its time outside the C parser: it defines a new
loader class for every call, rebuilds the YAML 1.2 implicit-resolver table for every file, asks
for the YAML version through a chain of ``try``/``except`` for every scalar and creates a new
``Tag`` for every node. Here the loader class and the table exist once (its patterns compiled, not
behind ruamel's lazy wrapper), the tag of a plain scalar is remembered by its text (a config repeats
its keys and values: ``true``, ``null``, ``_component_`` ...) and tags are shared objects, so a file
costs the C parser, the node objects and one dictionary lookup per scalar. The nodes, marks and tags
are the same as ruamel's (same parser, same 1.2 rules); a file with a ``%YAML`` directive takes
ruamel's own path, which honours the version it names.

:func:`tag_text` reads a node's tag as text without ruamel's ``Node.tag`` property (which builds
the string anew on every read).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag


def _compiled(regexp: Any) -> re.Pattern[str]:
    """The pattern behind ruamel's ``RegExp`` (a lazy wrapper whose every attribute read is a
    Python call); a plain pattern is returned as it is."""
    lazy = getattr(regexp, "lazy_self", None)
    return lazy() if callable(lazy) else regexp  # type: ignore[no-any-return]


_TABLE: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        _starts: list[Any] = list(_first) if _first else [None]
        for _ch in _starts:
            _TABLE.setdefault(_ch, []).append((_tag, _compiled(_regexp)))
_ANY_START = _TABLE.get(None, [])
_TAGS: dict[str, Tag] = {}
SHARED_TAG_TEXT: dict[int, str] = {}  # id of a shared (never freed) Tag -> its text
for _default in (BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG):
    SHARED_TAG_TEXT[id(_default)] = str(_default)
    _TAGS[str(_default)] = _default
_PLAIN: dict[str, Tag] = {}  # a plain scalar's text -> its tag (short texts only, bounded)
_PLAIN_MAX_LEN = 64
_PLAIN_MAX_ENTRIES = 65_536


def shared_tag(suffix: str) -> Tag:
    tag = _TAGS.get(suffix)
    if tag is None:
        tag = _TAGS[suffix] = Tag(suffix=suffix)
        SHARED_TAG_TEXT[id(tag)] = str(tag)
    return tag


def plain_tag(value: str) -> Tag:
    """The YAML 1.2 tag of a plain scalar, first by its first character's patterns."""
    for tag, regexp in _TABLE.get(value[0] if value else "", []) + _ANY_START:
        if regexp.match(value):
            return shared_tag(tag)
    return BaseResolver.DEFAULT_SCALAR_TAG


def tag_text(node: Node) -> str | None:
    """``node.tag`` (the tag as text), read from a table for the tags this module hands out."""
    ctag = node.ctag
    text = SHARED_TAG_TEXT.get(id(ctag))
    if text is not None:
        return text
    return None if ctag is None else str(ctag)


class _Resolver(BaseResolver):
    """YAML 1.2 implicit tags from a table built once; the same Tag object for the same tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = _PLAIN.get(value)
            if tag is None:
                tag = plain_tag(value)
                if len(value) <= _PLAIN_MAX_LEN:
                    if len(_PLAIN) >= _PLAIN_MAX_ENTRIES:
                        _PLAIN.clear()
                    _PLAIN[value] = tag
            return tag
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return None

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None  # no path resolvers: called for every node, so nothing to look up

    def ascend_resolver(self) -> None:
        return None


class _Loader(CParser, _Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _Resolver.__init__(self, loadumper=self)
        # The composer calls these two for every node; with no path resolvers they do nothing, and
        # a built-in that takes the same arguments does that nothing without a Python frame.
        self.descend_resolver = {}.get  # type: ignore[method-assign, assignment]  # (parent, index) -> index, ignored
        self.ascend_resolver = int  # type: ignore[method-assign, assignment]  # () -> 0, ignored


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
