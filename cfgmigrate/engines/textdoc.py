"""Where things are in a YAML/JSON text: ruamel's node graph plus the spans an edit needs.

ruamel.yaml composes the document (with character offsets for every node); this module turns that
into *entries* (a key, its value, the mapping holding them, its location) and knows the text spans
of an entry: the comment lines that belong to it, its last line, its indentation, how to remove it
and where a new sibling goes. Nothing here edits: it only measures.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfgmigrate.engines import fastcompose
from cfgmigrate.engines.fastcompose import SHARED_TAG_TEXT, shared_tag, tag_text
from cfgmigrate.engines.scalars import format_scalar

Location = tuple[Any, ...]
MERGE_TAG = "tag:yaml.org,2002:merge"
STANDARD_TAG = "tag:yaml.org,2002:"
_MERGE = shared_tag(MERGE_TAG)
_STR_ID = id(shared_tag(STANDARD_TAG + "str"))
_PROPERTY = re.compile(r"(&[^\s,\[\]{}]+|![^\s,\[\]{}]*)(?:[ \t]+|(?=[\r\n]))")


class DocumentError(ValueError):
    """Text that cannot be parsed, or a construct the engine refuses to edit."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class TooBig(DocumentError):
    """Valid text the engine refuses to read: too deep, aliases that expand too far, huge numbers."""


@dataclass(eq=False, slots=True)
class Item:
    """One item of a sequence (``- q`` or the ``q`` of ``[q, k]``): a setting without a key."""

    location: Location
    value: Node
    sequence: SequenceNode
    doc: int


@dataclass(eq=False, slots=True)
class Entry:
    """One ``key: value`` pair in a mapping."""

    location: Location
    key: ScalarNode
    value: Node
    mapping: MappingNode
    doc: int


def compose(text: str, pure: bool = False) -> list[Node]:
    """Every document's root node; raises DocumentError with the line of a syntax error.

    The C parser (ruamel.yaml.clib) composes 6x faster and gives the same marks; the pure one
    words syntax errors better, so error reports ask it (``pure=True``). The last text composed
    is remembered with its nodes (which nothing edits): the text the equivalence check re-read is
    the next pack's input, and a rule that fires without changing the text leaves the check the
    nodes it composed, so no text is composed twice in a row.
    """
    if not pure and (text is _LAST[0] or text == _LAST[0]):
        return list(_LAST[1])
    try:
        if not pure and "%YAML" not in text:
            docs = fastcompose.compose_all(text)
            _LAST[:] = [text, docs]
            return list(docs)
        yaml = YAML(typ="safe", pure=pure)
        return [d for d in yaml.compose_all(io.StringIO(text)) if d is not None]
    except Exception as e:  # ruamel raises many unrelated exception types for broken input
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        parts = [getattr(e, "context", None), getattr(e, "problem", None)]
        problem = ", ".join(str(p) for p in parts if p) or str(e).splitlines()[0]
        raise DocumentError(f"not valid YAML: {problem}", mark.line + 1 if mark else 0) from None


_LAST: list[Any] = [None, []]  # the text composed last and its documents


def entries(docs: list[Node], name: str | None = None) -> list[Entry]:
    """All mapping entries in document order (each aliased node is visited once); with ``name``,
    those of them whose key is ``name`` (the same walk, the others not built)."""
    found: list[Entry] = []
    seen: set[int] = set()
    for i, doc in enumerate(docs):
        _collect(doc, (), i, seen, found, name)
    return found


def _collect(node: Node, loc: Location, doc: int, seen: set[int], found: list[Entry], name: str | None = None) -> None:
    """The entries under ``node``, each before those inside its value (scalars hold none)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (
                not isinstance(key, ScalarNode)
                or key.ctag is _MERGE
                or (id(key.ctag) not in SHARED_TAG_TEXT and is_merge_key(key))
            ):
                continue  # (is_merge_key, the call saved for the usual key)
            if name is None or key.value == name:
                where = loc + (key.value,)
                found.append(Entry(where, key, value, node, doc))
                if not isinstance(value, ScalarNode):
                    _collect(value, where, doc, seen, found, name)
            elif not isinstance(value, ScalarNode):
                _collect(value, loc + (key.value,), doc, seen, found, name)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            if not isinstance(item, ScalarNode):
                _collect(item, loc + (i,), doc, seen, found, name)


def sequence_items(docs: list[Node]) -> Iterator[Item]:
    """Every item of every sequence, in document order (each aliased node visited once)."""
    seen: set[int] = set()
    for i, doc in enumerate(docs):
        yield from _items(doc, (), i, seen)


def _items(node: Node, loc: Location, doc: int, seen: set[int]) -> Iterator[Item]:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and not is_merge_key(key):
                yield from _items(value, loc + (key.value,), doc, seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield Item(loc + (i,), item, node, doc)
            yield from _items(item, loc + (i,), doc, seen)


def mappings(docs: list[Node], found: list[Entry] | None = None) -> list[tuple[Location, MappingNode, int]]:
    """Every mapping with its location (document roots included), from ``found`` (the documents'
    :func:`entries`) when given."""
    found = entries(docs) if found is None else found
    out: list[tuple[Location, MappingNode, int]] = []
    j = 0
    for i, doc in enumerate(docs):
        if isinstance(doc, MappingNode):
            out.append(((), doc, i))
        while j < len(found) and found[j].doc == i:
            e = found[j]
            j += 1
            if isinstance(e.value, MappingNode) and e.value is not doc:
                out.append((e.location, e.value, i))
    return out


def node_value(node: Node) -> Any:
    """Plain Python data for a node, the way a YAML 1.2 loader reads it (merge keys resolved)."""
    if isinstance(node, ScalarNode):
        return node.value if id(node.ctag) == _STR_ID else scalar_value(node)  # most nodes: a string
    if isinstance(node, MappingNode):
        return _mapping_value(node)
    assert isinstance(node, SequenceNode)
    return [v.value if type(v) is ScalarNode and id(v.ctag) == _STR_ID else node_value(v) for v in node.value]


def _mapping_value(node: MappingNode) -> dict[Any, Any]:
    """A mapping's own keys over what it merges (``<<: *base`` or ``<<: [*a, *b]``, earlier wins)."""
    own: dict[Any, Any] = {}
    merged: dict[Any, Any] | None = None
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            continue
        if k.ctag is _MERGE or (id(k.ctag) not in SHARED_TAG_TEXT and is_merge_key(k)):  # (is_merge_key, inlined)
            merged = {} if merged is None else merged
            for source in reversed(merge_sources(v)):
                merged.update(node_value(source))
        elif type(v) is ScalarNode and id(v.ctag) == _STR_ID:
            own[k.value if id(k.ctag) == _STR_ID else typed_key(k)] = v.value
        else:
            own[k.value if id(k.ctag) == _STR_ID else typed_key(k)] = node_value(v)
    if merged is None:
        return own
    merged.update(own)
    return merged


class TypedKey(str):
    """A mapping key that does not read as a string (``1:``, ``true:``, ``null:``, ``!!int "2":``):
    it equals and hashes as its text, which is what key paths and rules match, and carries its
    ``tag``, so that the equivalence check tells ``1:`` from ``"1":`` (:mod:`.same_data`)."""

    tag: str

    def __new__(cls, text: str, tag: str) -> TypedKey:
        key = super().__new__(cls, text)
        key.tag = tag
        return key

    def __reduce__(self) -> Any:
        return (TypedKey, (str(self), self.tag))


def key_data(key: ScalarNode) -> str:
    """A mapping key's data, as :func:`node_value` reads it."""
    return key.value if id(key.ctag) == _STR_ID else typed_key(key)


def typed_key(key: ScalarNode) -> str:
    """A key's data: its text, as a :class:`TypedKey` when its tag is not ``str``."""
    tag = str(tag_text(key))
    return key.value if tag.endswith(":str") else TypedKey(key.value, tag)


def is_merge_key(key: ScalarNode) -> bool:
    """Whether a key is YAML's merge key ``<<`` (its tag says so, implicit or explicit)."""
    ctag = key.ctag
    return ctag is _MERGE or (id(ctag) not in SHARED_TAG_TEXT and tag_text(key) == MERGE_TAG)


def merge_sources(value: Node) -> list[MappingNode]:
    """The mappings a merge key's value names (one alias, or a sequence of them)."""
    nodes = value.value if isinstance(value, SequenceNode) else [value]
    return [n for n in nodes if isinstance(n, MappingNode)]


def scalar_value(node: ScalarNode) -> Any:
    """A scalar's data by its tag; a short plain one is remembered by its shared tag and text (a
    config repeats ``true``, ``0``, ``null`` ...; every such value is immutable)."""
    read = _READ.get(id(node.ctag))
    if read is None:
        if id(node.ctag) not in SHARED_TAG_TEXT:
            return _scalar_value(node)
        read = _READ[id(node.ctag)] = {}
    value = read.get(node.value, _UNREAD)
    if value is _UNREAD:
        value = _scalar_value(node)
        if len(node.value) <= 64:
            if len(read) >= 4096:
                read.clear()
            read[node.value] = value
    return value


_READ: dict[int, dict[str, Any]] = {}  # id of a shared Tag -> text -> data
_UNREAD: Any = object()


def _scalar_value(node: ScalarNode) -> Any:
    tag, text = str(tag_text(node)), node.value
    kind = _KINDS.get(tag)
    if kind is None:
        kind = _KINDS[tag] = next((k for k in (":bool", ":null", ":int", ":float") if tag.endswith(k)), "")
    if kind == ":bool":
        return text.lower() == "true"
    if kind == ":null":
        return None
    if kind == ":int":
        return _int_value(node, text.replace("_", ""))
    if kind == ":float":
        low = text.lower().replace("_", "")
        return float("nan") if "nan" in low else float(low.replace(".inf", "inf"))
    return text  # a string (quoted or plain), or a tag this reading does not know


_KINDS: dict[str, str] = {}  # tag -> the suffix that says how its scalars read ('' for text)


def _int_value(node: ScalarNode, digits: str) -> int:
    try:
        return int(digits, 0)
    except ValueError:
        pass
    try:
        return int(digits)  # a leading zero: 010 is ten for YAML 1.2
    except ValueError:  # more digits than Python reads (sys.get_int_max_str_digits)
        line = node.start_mark.line + 1
        raise TooBig(f"refused: a number of {len(digits)} digits is too long to read", line) from None


# ---------------------------------------------------------------------------------------------
# Measuring text


class Text:
    """The document text with line helpers."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.nl = "\r\n" if "\r\n" in text else "\n"

    def line_start(self, i: int) -> int:
        return self.s.rfind("\n", 0, i) + 1

    def line_end(self, i: int) -> int:
        """Index just past the newline of the line holding ``i`` (or the end of the text)."""
        j = self.s.find("\n", i)
        return len(self.s) if j < 0 else j + 1

    def line_no(self, i: int) -> int:
        return self.s.count("\n", 0, i) + 1

    def column(self, i: int) -> int:
        return i - self.line_start(i)

    def starts_line(self, i: int) -> bool:
        return self.s[self.line_start(i) : i].strip() == ""

    def line_text(self, start: int) -> str:
        return self.s[start : self.line_end(start)].rstrip("\r\n")


def properties(node: Node, text: Text) -> tuple[int, list[str]]:
    """Where a node's content starts, after the properties written before it (``&anchor``, ``!tag``)."""
    i, found = int(node.start_mark.index), []
    while (m := _PROPERTY.match(text.s, i)) is not None and m.end() <= node.end_mark.index:
        found.append(m.group(1))
        i = m.end()
    return i, found


def kept_properties(node: Node, text: Text) -> str:
    """The anchors a rewritten value keeps (``&a ``); standard tags go, a new value resolves itself."""
    anchors = [p for p in properties(node, text)[1] if p.startswith("&")]
    return "".join(a + " " for a in anchors)


def custom_tag(node: Node) -> str | None:
    """The node's tag when it is not one of YAML's own (``!myfloat``), else None."""
    tag = str(tag_text(node))
    return None if tag.startswith(STANDARD_TAG) else tag


def content_end(node: Node, text: Text) -> int:
    """Index just past the last character that belongs to the node (trailing comments excluded)."""
    if isinstance(node, ScalarNode):
        end: int = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text.s[end - 1] in " \t\r\n":
                end -= 1
        return max(end, int(node.start_mark.index))
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    if isinstance(node, MappingNode):
        return max(content_end(last[0], text), content_end(last[1], text))
    return content_end(last, text)


def is_flow(mapping: MappingNode) -> bool:
    return bool(getattr(mapping, "flow_style", False))


def owned_comment_start(entry: Entry, text: Text) -> int:
    """Start of the full-line comments directly above the key (no blank line between).

    A comment block that opens the document is the file's header, not the first key's.
    """
    return comment_start_above(text.line_start(entry.key.start_mark.index), text)


def comment_start_above(key_line: int, text: Text) -> int:
    """Start of the full-line comments directly above the line starting at ``key_line``."""
    start = key_line
    while start > 0:
        prev = text.line_start(start - 1)
        line = text.s[prev:start].strip()
        if not line.startswith("#"):
            break
        start = prev
    if start != key_line and _document_starts_at(start, text):
        return key_line
    return start


def _document_starts_at(i: int, text: Text) -> bool:
    before = text.s[:i].rstrip()
    return not before or before.endswith("---") and before[-4:-3] in ("", "\n")


def entry_end(entry: Entry, text: Text) -> int:
    """End of the entry's last line, plus deeper-indented comment lines right after it."""
    last = max(content_end(entry.value, text), entry.key.end_mark.index)
    return lines_end(last, text.column(entry.key.start_mark.index), text)


def lines_end(last: int, key_col: int, text: Text) -> int:
    """End of the line holding ``last``, plus comment lines right after it indented beyond ``key_col``."""
    end = text.line_end(last)
    while end < len(text.s):
        line = text.line_text(end)
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= key_col:
            break
        end = text.line_end(end)
    return end


def block_entry_span(entry: Entry, text: Text) -> tuple[int, int]:
    """The whole lines of a block-style entry, owned comments included."""
    return owned_comment_start(entry, text), entry_end(entry, text)


def indent_step(found: list[Entry], text: Text) -> int:
    """The file's indentation step: the smallest nesting offset seen, else 2."""
    steps = []
    for e in found:
        if isinstance(e.value, MappingNode) and not is_flow(e.value) and e.value.value:
            child = e.value.value[0][0].start_mark.index
            step = text.column(child) - text.column(e.key.start_mark.index)
            if step > 0:
                steps.append(step)
    return min(steps) if steps else 2


def render_key(name: str, dialect: str, style: str | None = None) -> str:
    if dialect == "json":
        return format_scalar(name, "json")
    return format_scalar(name, "yaml", quote=style if style in ("'", '"') else None)
