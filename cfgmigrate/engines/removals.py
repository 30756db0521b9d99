"""What a rule's removals take away, and the edits for it.

Entries the rule removes are collected first; then the mappings they leave empty go too
(recursively, up to the section that receives an insert), and a sequence item whose mapping lost
every key goes as a whole (OpenRewrite's DeleteKey does the same). The outermost removal wins.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from cfgmigrate.engines import item_layout, layout
from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.textdoc import Entry, Item, is_flow, sequence_items
from cfgmigrate.keypath import format_location
from cfgmigrate.types import Edit


def pruned(run: RuleRun) -> tuple[dict[int, Entry], list[Item]]:
    """Every removed entry and item, plus what the rule left empty."""
    removed = _pruned_entries(run)
    items = list(run.removed_items)
    if removed:
        items.extend(_emptied_items(run, removed, {id(i.value) for i in items}))
    return removed, items


def _protected(run: RuleRun, doc: int, loc: tuple[Any, ...]) -> bool:
    return any(p[: len(loc)] == loc for d, p in run.protected if d == doc)


def _pruned_entries(run: RuleRun) -> dict[int, Entry]:
    removed = {id(e.key): e for e in run.removed}
    if not removed:
        return removed  # nothing removed: nothing left empty
    parents = {(e.doc, e.location): e for e in run.all_entries}
    changed = True
    while changed:
        changed = False
        for loc, mapping, doc in run.all_mappings:
            if not loc or not mapping.value or _protected(run, doc, loc):
                continue
            parent = parents.get((doc, loc))
            if parent and id(parent.key) not in removed and all(id(k) in removed for k, _ in mapping.value):
                removed[id(parent.key)] = parent
                changed = True
    return removed


def _emptied_items(run: RuleRun, removed: dict[int, Entry], already: set[int]) -> list[Item]:
    """Mapping items of a sequence whose every own key goes (``- name: x`` losing ``name``)."""
    out = []
    for item in sequence_items(run.docs):
        m = item.value
        if not isinstance(m, MappingNode) or not m.value or id(m) in already or _protected(run, item.doc, item.location):
            continue
        if all(id(k) in removed for k, _ in m.value):
            out.append(item)
            run.change(m, f"removed {format_location(item.location)} (no key left)")
    return out


def removal_edits(run: RuleRun, removed: dict[int, Entry], items: list[Item]) -> list[Edit]:
    """Edits for the removed entries and items (the outermost of nested ones wins)."""
    gone_items = {(i.doc, i.location) for i in items}
    gone_entries = {(e.doc, e.location) for e in removed.values()}
    outer = [e for e in removed.values() if not _inside(e.doc, e.location, gone_entries | gone_items)]
    by_mapping: dict[int, list[Entry]] = {}
    for e in outer:
        by_mapping.setdefault(id(e.mapping), []).append(e)
    edits: list[Edit] = []
    ends: dict[int, int] = {}  # per document: where its last removal ends
    for group in by_mapping.values():
        group_edits = layout.removal_edits(group[0].mapping, group, run.text)
        edits.extend(group_edits)
        ends[group[0].doc] = max([ends.get(group[0].doc, 0)] + [e.end for e in group_edits])
    edits.extend(_item_edits(run, [i for i in items if not _inside(i.doc, i.location, gone_entries | gone_items)]))
    for i, doc in enumerate(run.docs):  # a document whose every key went away stays a mapping: {}
        if (i, ()) in run.protected:
            continue
        if isinstance(doc, MappingNode) and not is_flow(doc) and doc.value and all(id(k) in removed for k, _ in doc.value):
            edits.append(Edit(ends[i], ends[i], "{}" + run.text.nl))
    return edits


def _item_edits(run: RuleRun, items: list[Item]) -> list[Edit]:
    by_sequence: dict[int, tuple[SequenceNode, set[int]]] = {}
    for item in items:
        by_sequence.setdefault(id(item.sequence), (item.sequence, set()))[1].add(id(item.value))
    edits: list[Edit] = []
    for sequence, gone in by_sequence.values():
        edits.extend(item_layout.item_removal_edits(sequence, gone, run.text))
    return edits


def _inside(doc: int, loc: tuple[Any, ...], gone: set[tuple[int, tuple[Any, ...]]]) -> bool:
    return any((doc, loc[:depth]) in gone for depth in range(1, len(loc)))


def refuse_aliased(run: RuleRun, entries: list[Entry], items: list[Item]) -> None:
    """An anchored value that an alias elsewhere still uses cannot leave its place."""
    if not entries and not items:
        return
    uses = _use_counts(run.docs)
    for node, where, at in [(e.value, e.location, e.key) for e in entries] + [(i.value, i.location, i.value) for i in items]:
        if uses.get(id(node), 0) > 1:
            m = re.match(r"&(\S+)", run.text.s[node.start_mark.index :])
            anchor = m.group(1) if m else "?"
            run.fail(
                at,
                f"cannot remove or move {format_location(where)}: its value is anchored (&{anchor}) "
                f"and an alias (*{anchor}) still uses it",
            )


def _use_counts(docs: list[Node]) -> dict[int, int]:
    """How many places each node is used at (an anchored node once, plus once per alias)."""
    counts: dict[int, int] = {}
    stack = list(docs)
    while stack:
        node = stack.pop()
        counts[id(node)] = counts.get(id(node), 0) + 1
        if counts[id(node)] > 1:
            continue
        if isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return counts
