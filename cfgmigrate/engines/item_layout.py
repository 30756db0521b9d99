"""Text for removing sequence items: a block item's lines (its comments go along), a flow item with
its comma; a sequence that loses every item becomes ``[]`` (like ``{}``, an empty list stays)."""

from __future__ import annotations

from ruamel.yaml.nodes import Node, SequenceNode

from cfgmigrate.engines.layout import blank_line_at, flow_pair_removals
from cfgmigrate.engines.textdoc import DocumentError, Text, comment_start_above, content_end, lines_end
from cfgmigrate.types import Edit


def item_removal_edits(sequence: SequenceNode, gone: set[int], text: Text) -> list[Edit]:
    """Edits that remove the items of ``sequence`` whose node ids are in ``gone``."""
    if all(id(v) in gone for v in sequence.value):
        return [_emptied(sequence, text)]
    if getattr(sequence, "flow_style", False):
        return flow_pair_removals([(v, v) for v in sequence.value], gone, text)
    return [_block_item_removal(v, text) for v in sequence.value if id(v) in gone]


def _dash(item: Node, text: Text) -> int:
    """The ``-`` of a block item; it must start its line (``- - a`` nests two items on one line)."""
    i: int = item.start_mark.index - 1
    while i >= 0 and text.s[i] in " \t\r\n":
        i -= 1
    if i < 0 or text.s[i] != "-" or not text.starts_line(i):
        raise DocumentError(
            "cannot remove a sequence item that shares its line with another", text.line_no(item.start_mark.index)
        )
    return i


def _block_item_removal(item: Node, text: Text) -> Edit:
    dash = _dash(item, text)
    start = comment_start_above(text.line_start(dash), text)
    end = lines_end(max(content_end(item, text), dash), text.column(dash), text)
    if blank_line_at(start - 1, text) and blank_line_at(end, text):
        end = text.line_end(end)  # do not leave two blank lines where the item stood
    return Edit(start, end, "")


def _emptied(sequence: SequenceNode, text: Text) -> Edit:
    if getattr(sequence, "flow_style", False):
        return Edit(sequence.start_mark.index + 1, sequence.end_mark.index - 1, "")
    end = text.line_end(content_end(sequence, text))
    end -= len(text.nl) if text.s[:end].endswith(text.nl) else 0
    before = sequence.start_mark.index - 1
    while before >= 0 and text.s[before] in " \t\r\n":
        before -= 1
    if before >= 0 and text.s[before] == ":":  # "key:\n  - a" becomes "key: []"
        return Edit(before + 1, end, " []")
    return Edit(sequence.start_mark.index, end, "[]")
