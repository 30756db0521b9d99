"""Text for removals and insertions in YAML/JSON mappings, in the style the file already uses.

Block mappings lose or gain whole lines (owned comments travel with their key); flow mappings
(``{a: 1}``, and every JSON object) lose or gain an entry with its comma.
"""

from __future__ import annotations

import json
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node

from cfgmigrate.engines.scalars import format_scalar
from cfgmigrate.engines.textdoc import (
    DocumentError,
    Entry,
    Text,
    block_entry_span,
    content_end,
    entry_end,
    is_flow,
    owned_comment_start,
    render_key,
)
from cfgmigrate.types import Edit


def removal_edits(mapping: MappingNode, removed: list[Entry], text: Text) -> list[Edit]:
    """Edits that remove ``removed`` entries (all from ``mapping``, not all of its entries)."""
    if is_flow(mapping):
        return _flow_removals(mapping, removed, text)
    return [_block_removal(e, text) for e in removed]


def _block_removal(entry: Entry, text: Text) -> Edit:
    if text.starts_line(entry.key.start_mark.index):
        start, end = block_entry_span(entry, text)
        if blank_line_at(start - 1, text) and blank_line_at(end, text):
            end = text.line_end(end)  # do not leave two blank lines where the entry stood
        return Edit(start, end, "")
    # the first key of a sequence item ("- name: x"): the next sibling moves up behind the dash
    siblings = [k for k, _ in entry.mapping.value]
    i = next(i for i, k in enumerate(siblings) if k is entry.key)
    if i + 1 >= len(siblings):
        raise DocumentError("cannot remove the only key of a sequence item", text.line_no(entry.key.start_mark.index))
    return Edit(entry.key.start_mark.index, siblings[i + 1].start_mark.index, "")


def blank_line_at(i: int, text: Text) -> bool:
    """Whether the line holding index ``i`` is blank."""
    if i < 0 or i >= len(text.s):
        return False
    start = text.line_start(i)
    return text.s[start : text.line_end(start)].strip() == ""


def _one_per_line(mapping: MappingNode, text: Text) -> bool:
    return all(text.starts_line(k.start_mark.index) for k, _ in mapping.value)


def _flow_removals(mapping: MappingNode, removed: list[Entry], text: Text) -> list[Edit]:
    return flow_pair_removals(mapping.value, {id(e.key) for e in removed}, text)


def flow_pair_removals(pairs: list[tuple[Node, Node]], gone: set[int], text: Text) -> list[Edit]:
    """Remove the pairs whose first node is in ``gone`` from a flow collection: (key, value) pairs
    of a mapping, or (item, item) of a sequence; commas and lines as the file has them."""
    kept = [(k, v) for k, v in pairs if id(k) not in gone]
    if all(text.starts_line(k.start_mark.index) for k, _ in pairs):
        edits = [Edit(text.line_start(k.start_mark.index), _line_entry_end(v, text), "") for k, v in pairs if id(k) in gone]
        trailing_comma = _comma_after(content_end(pairs[-1][1], text), text) is not None  # the file's style
        if id(pairs[-1][0]) in gone and kept and not trailing_comma:
            comma = _comma_after(content_end(kept[-1][1], text), text)
            if comma is not None:
                edits.append(Edit(comma, comma + 1, ""))
        return edits
    return [_inline_run_removal(pairs, run, text) for run in _runs(pairs, gone)]


def _runs(pairs: list[tuple[Node, Node]], gone: set[int]) -> list[tuple[int, int]]:
    """Maximal runs [i, j) of consecutive removed entries."""
    runs, i = [], 0
    while i < len(pairs):
        if id(pairs[i][0]) in gone:
            j = i
            while j < len(pairs) and id(pairs[j][0]) in gone:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _inline_run_removal(pairs: list[tuple[Node, Node]], run: tuple[int, int], text: Text) -> Edit:
    """Remove entries i..j-1 of an inline flow mapping with exactly one separating comma."""
    i, j = run
    if j < len(pairs):  # entries follow: cut up to the next key
        return Edit(pairs[i][0].start_mark.index, pairs[j][0].start_mark.index, "")
    if i > 0:  # a trailing run: cut from the end of the previous value
        return Edit(content_end(pairs[i - 1][1], text), content_end(pairs[j - 1][1], text), "")
    return Edit(pairs[0][0].start_mark.index, content_end(pairs[-1][1], text), "")


def _line_entry_end(value: Node, text: Text) -> int:
    """End of a one-per-line flow entry: its whole line, unless something (a closing brace) follows it."""
    end = content_end(value, text)
    comma = _comma_after(end, text)
    end = comma + 1 if comma is not None else end
    rest = text.s[end : text.line_end(end)].strip()
    return text.line_end(end) if not rest or rest.startswith("#") else end


def _comma_after(i: int, text: Text) -> int | None:
    j = i
    while j < len(text.s) and text.s[j] in " \t":
        j += 1
    return j if j < len(text.s) and text.s[j] == "," else None


# ---------------------------------------------------------------------------------------------
# Insertion


def insertion_edit(
    mapping: MappingNode,
    block_text: str,
    data: dict[str, Any],
    text: Text,
    dialect: str,
    step: int,
    leaving: frozenset[int] = frozenset(),
) -> Edit:
    """Insert new entries at the end of ``mapping``.

    ``block_text`` is the entry as block YAML lines already indented for this mapping's column
    (used for block mappings, comments included); ``data`` is the same entry as data (used for flow
    mappings and JSON, where it is formatted inline).
    """
    if not is_flow(mapping):
        return _block_insertion(mapping, block_text, text, leaving)
    return _flow_insertion(mapping, data, text, dialect, step, leaving)


def _block_insertion(mapping: MappingNode, block_text: str, text: Text, leaving: frozenset[int]) -> Edit:
    """After the last entry that stays (a removed last line may lack its final newline)."""
    staying = [(k, v) for k, v in mapping.value if id(k) not in leaving] or mapping.value
    last = staying[-1]
    entry = Entry((), last[0], last[1], mapping, 0)
    pos = entry_end(entry, text)
    prefix = "" if pos == 0 or text.s[pos - 1] == "\n" else text.nl
    return Edit(pos, pos, prefix + block_text)


def _flow_insertion(
    mapping: MappingNode, data: dict[str, Any], text: Text, dialect: str, step: int, leaving: frozenset[int]
) -> Edit:
    staying = [(k, v) for k, v in mapping.value if id(k) not in leaving]
    if staying and _one_per_line(mapping, text):
        # anchor after the last entry that stays: a removed last line takes its comma fix along
        last_key, last_value = staying[-1]
        col = text.column(last_key.start_mark.index)
        items = [f"{render_key(k, dialect)}: {flow_value(v, dialect, col, step, text.nl)}" for k, v in data.items()]
        joined = ("," + text.nl + " " * col).join(items)
        pos = content_end(last_value, text)
        return Edit(pos, pos, "," + text.nl + " " * col + joined)
    close = mapping.end_mark.index - 1
    if not staying and "\n" in text.s[mapping.start_mark.index : close]:  # an emptied multi-line object
        col = text.column(mapping.start_mark.index) + step
        items = [f"{render_key(k, dialect)}: {flow_value(v, dialect, col, step, text.nl)}" for k, v in data.items()]
        pos = mapping.start_mark.index + 1
        return Edit(pos, pos, text.nl + " " * col + ("," + text.nl + " " * col).join(items))
    items = [f"{render_key(k, dialect)}: {flow_value(v, dialect, 0, 0, text.nl)}" for k, v in data.items()]
    sep = ", " if staying else ""
    pos = content_end(staying[-1][1], text) if staying else close
    return Edit(pos, pos, sep + ", ".join(items))


def flow_value(value: Any, dialect: str, col: int, step: int, nl: str) -> str:
    """A value written inline (flow YAML or JSON); nested JSON objects keep the file's layout."""
    if dialect == "json" and isinstance(value, (dict, list)) and step:
        dumped = json.dumps(value, indent=step, ensure_ascii=False)
        return dumped.replace("\n", nl + " " * col)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_key(k, dialect)}: {flow_value(v, dialect, 0, 0, nl)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_value(v, dialect, 0, 0, nl) for v in value) + "]"
    return format_scalar(value, dialect)


def block_lines(key: str, value: Any, col: int, step: int, nl: str) -> str:
    """``key: value`` as block YAML at column ``col`` (mappings nested, lists as flow)."""
    pad = " " * col
    if isinstance(value, dict) and value:
        inner = "".join(block_lines(k, v, col + step, step, nl) for k, v in value.items())
        return f"{pad}{render_key(key, 'yaml')}:{nl}{inner}"
    return f"{pad}{render_key(key, 'yaml')}: {flow_value(value, 'yaml', 0, 0, nl)}{nl}"


def relocated_entry(entry: Entry, new_key: str, new_col: int, text: Text, dialect: str) -> str:
    """The entry's own lines (owned comments included) re-keyed and re-indented for ``new_col``."""
    if not text.starts_line(entry.key.start_mark.index):
        raise DocumentError("cannot move the first key of a sequence item", text.line_no(entry.key.start_mark.index))
    start, end = owned_comment_start(entry, text), entry_end(entry, text)
    k0, k1 = entry.key.start_mark.index - start, entry.key.end_mark.index - start
    segment = text.s[start:end]
    segment = segment[:k0] + render_key(new_key, dialect, entry.key.style) + segment[k1:]
    if not segment.endswith("\n"):
        segment += text.nl
    delta = new_col - text.column(entry.key.start_mark.index)
    return "".join(_shift(line, delta) for line in segment.splitlines(keepends=True))


def _shift(line: str, delta: int) -> str:
    if not line.strip():
        return line
    if delta >= 0:
        return " " * delta + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -delta) :]
