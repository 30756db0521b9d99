"""The data of a rewritten YAML text without composing it again, when every edit only rewrote the
text of simple plain scalars (a renamed key, an interpolation that follows it).

The equivalence check needs the data the new text reads as. For the common edit (``output_dir:`` ->
``save_dir:``, ``${output_dir}/logs`` -> ``${save_dir}/logs``) that data follows from the nodes of
the text as read, already composed, provided the new text tokenizes exactly as the old one but for
those scalars. That holds under the conditions :func:`data_after` checks, all of them on the text:

* every edit lies inside one scalar node, written plain (no quotes, no block scalar), without an
  anchor or tag, on a single line, in a block mapping or sequence (not inside ``[...]``/``{...}``);
* the scalar's old and new texts both consist only of ``SAFE`` characters (first ``[A-Za-z0-9_$]``,
  then also ``. / { } + = @ ~ -``): none of them can start an indicator, end a plain scalar in block
  context (only ``: ``, `` #``, a line break or the end do, and flow indicators only inside
  ``[...]``/``{...}``), or continue one onto the next line (no blank, no line break);
* the character after the old scalar is ``:``, a blank, a line break, or the end of the text (what
  ended it ends the new one the same way), and the edited line is under 1,000 characters (libyaml
  forgets a possible simple key 1,024 characters on), and the text has no ``%YAML`` directive.

Then the scanner reaches each such scalar in the same state (same text before it), reads the new
text as one token ending at the same boundary, and leaves it in the same state (the flow level, the
indentation stack and the pending simple key depend on where the token starts and what follows, not
on its letters), so the new text composes to the same graph with those scalars' texts replaced. A
single-line plain scalar's value is its text; its tag comes from the same YAML 1.2 table the
composer uses. Anything else (a quoted key, a moved or removed entry, an inserted line) is composed
again in full. ``tests/test_scalar_proof.py`` checks the proof against the full re-parse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.fastcompose import plain_tag
from cfgmigrate.engines.textdoc import is_merge_key, key_data, node_value
from cfgmigrate.types import Edit

SAFE = re.compile(r"[A-Za-z0-9_$][A-Za-z0-9_$./{}+=@~-]*\Z")
AFTER = frozenset(":\t \r\n")
MAX_LINE = 1000

Span = tuple[int, int, ScalarNode]


def data_after(old: str, docs: list[Node], edits: Iterable[Edit], new: str) -> list[Any] | None:
    """The documents' data as ``new`` reads them, or None when the edits are not all inside simple
    plain scalars (compose ``new`` then)."""
    proof = _replacements(old, docs, edits, new)
    return None if proof is None else _read_with(docs, proof[0])


def data_before_and_after(old: str, docs: list[Node], edits: Iterable[Edit], new: str) -> tuple[list[Any], list[Any]] | None:
    """The documents' data as ``old`` reads them and as ``new`` does (None where :func:`data_after`
    is None). In a text without aliases or merge keys (a tree) the second is built from the first:
    only the collections that hold an edited scalar are read again, each of their other values is
    the very object the first reading made (the same data: nothing under it changed), so a caller
    must change neither (:func:`reference.leaves_input`). Elsewhere both are read in full."""
    proof = _replacements(old, docs, edits, new)
    if proof is None:
        return None
    replaced, entered = proof
    before = [node_value(doc) for doc in docs]
    if "&" not in old or "*" not in old:  # an alias names an anchor: without both, no node is shared
        merges = "<<" in old or "!" in old  # a merge key is ``<<`` or tagged as one
        try:
            after = [_shared_after(doc, data, entered, replaced, merges) for doc, data in zip(docs, before, strict=True)]
            return before, after
        except _Unpaired:
            pass
    return before, _read_with(docs, replaced)


def _replacements(
    old: str, docs: list[Node], edits: Iterable[Edit], new: str
) -> tuple[dict[int, tuple[ScalarNode, str]], set[int]] | None:
    """The scalars the edits rewrite, by id, with their new texts, and the ids of the collections
    whose span holds an edit; None unless every edit is inside a simple plain scalar."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    if not edits or "%YAML" in old or not _gives(old, edits, new):
        return None
    found, entered = _scalars_holding(docs, [e.start for e in edits])
    starts = [node.start_mark.index for node in found]
    texts: dict[int, tuple[ScalarNode, list[Edit]]] = {}
    for edit in edits:
        i = bisect.bisect_right(starts, edit.start) - 1
        if i < 0 or edit.end > found[i].end_mark.index or not _simple(found[i], old):
            return None  # not inside one of the scalars the proof covers
        texts.setdefault(id(found[i]), (found[i], []))[1].append(edit)
    replaced = {}
    for node, inside in texts.values():
        start, end = node.start_mark.index, node.end_mark.index
        text = _new_text(old, start, end, inside)
        if text is None or not _safe_context(old, start, end, len(text)):
            return None
        replaced[id(node)] = (node, text)
    return replaced, entered


def _gives(old: str, edits: list[Edit], new: str) -> bool:
    try:
        return apply_edits(old, edits) == new
    except OverlappingEdits:
        return False


def _scalars_holding(docs: list[Node], points: list[int]) -> tuple[list[ScalarNode], set[int]]:
    """The plain scalars of block collections whose span holds one of the (sorted) points, sorted by
    start, and the ids of the collections entered: only those whose span holds a point (every
    collection holding an edited scalar among them)."""
    found: list[ScalarNode] = []
    seen: set[int] = set()
    first, last = points[0], points[-1]
    stack: list[Node] = [d for d in docs if _holds(d, points)]
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(node, ScalarNode):
            continue
        seen.add(id(node))
        block = not getattr(node, "flow_style", False)
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        for child in children:
            if child.start_mark.index > last or child.end_mark.index < first or not _holds(child, points):
                continue  # (a span before or after every point: no bisection needed)
            if not isinstance(child, ScalarNode):
                stack.append(child)
            elif block and child.style in ("", None):
                found.append(child)
    found.sort(key=lambda n: n.start_mark.index)
    return found, seen


def _holds(node: Node, points: list[int]) -> bool:
    i = bisect.bisect_left(points, node.start_mark.index)
    return i < len(points) and points[i] <= node.end_mark.index


def _simple(node: ScalarNode, text: str) -> bool:
    start, end = node.start_mark.index, node.end_mark.index
    return end > start and SAFE.match(text, start, end) is not None


def _new_text(old: str, start: int, end: int, inside: list[Edit]) -> str | None:
    parts, pos = [], start
    for e in inside:
        parts += [old[pos : e.start], e.replacement]
        pos = e.end
    parts.append(old[pos:end])
    text = "".join(parts)
    return text if SAFE.match(text) else None


def _safe_context(old: str, start: int, end: int, new_length: int) -> bool:
    if end < len(old) and old[end] not in AFTER:
        return False
    line_start = old.rfind("\n", 0, start) + 1
    line_end = old.find("\n", end)
    line_end = len(old) if line_end < 0 else line_end
    return line_end - line_start < MAX_LINE and line_end - line_start + new_length - (end - start) < MAX_LINE


def _read_with(docs: list[Node], replaced: dict[int, tuple[ScalarNode, str]]) -> list[Any]:
    """The documents' data with the scalars' texts (and tags) replaced, the nodes left as they were."""
    saved = [(node, node.value, node.ctag) for node, _ in replaced.values()]
    try:
        for node, text in replaced.values():
            node.value, node.ctag = text, plain_tag(text)
        return [node_value(doc) for doc in docs]
    finally:
        for node, value, ctag in saved:
            node.value, node.ctag = value, ctag


class _Unpaired(Exception):
    """A mapping whose values the first reading cannot give back one by one (a merge key, or a key
    written twice): the new text's data is read in full."""


def _shared_after(node: Node, data: Any, entered: set[int], replaced: dict[int, tuple[ScalarNode, str]], merges: bool) -> Any:
    """The new text's data for ``node`` (a tree's node, ``data`` its reading in the old text): a
    rewritten scalar read with its new text, a collection holding one read again from its items,
    anything else ``data`` itself. ``merges``: the text may hold a merge key (``<<`` or a tag)."""
    if id(node) in replaced:
        scalar, text = replaced[id(node)]
        return node_value(_rewritten(scalar, text))
    if id(node) not in entered:
        return data
    if isinstance(node, MappingNode):
        pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]  # (textdoc.node_value skips the others)
        if len(pairs) != len(data) or (merges and any(is_merge_key(k) for k, _ in pairs)):
            raise _Unpaired  # a key written twice (its reading kept the last value only), or merged keys
        out: dict[Any, Any] = {}
        # no key twice, none merged: the reading's items are the pairs', in their order
        for (k, v), (key, value) in zip(pairs, data.items(), strict=True):
            if id(k) in replaced:
                key = key_data(_rewritten(k, replaced[id(k)][1]))
            if id(v) in entered or id(v) in replaced:
                value = _shared_after(v, value, entered, replaced, merges)
            out[key] = value
        return out
    if isinstance(node, SequenceNode):
        return [
            _shared_after(item, d, entered, replaced, merges) if id(item) in entered or id(item) in replaced else d
            for item, d in zip(node.value, data, strict=True)
        ]
    return data


def _rewritten(node: ScalarNode, text: str) -> ScalarNode:
    """A plain scalar like ``node`` with the new text (and the tag it resolves to)."""
    return ScalarNode(plain_tag(text), text, node.start_mark, node.end_mark, node.style)
