"""The operations on YAML/JSON documents: one rule in, text edits out.

Each operation finds its entries through :mod:`textdoc` and writes edits through :mod:`layout`.
Removals are collected first so that a mapping a rule empties is pruned as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from cfgmigrate.edits import OverlappingEdits, apply_edits, attach
from cfgmigrate.engines import interpolation, layout, merges, removals, symbol_values
from cfgmigrate.engines.base import Answer, Handles, Skips
from cfgmigrate.engines.item_ops import map_item
from cfgmigrate.engines.scalars import CoercionError, coerce, format_scalar
from cfgmigrate.engines.textdoc import (
    Entry,
    Item,
    Text,
    compose,
    entries,
    indent_step,
    is_flow,
    mappings,
    node_value,
    properties,
    render_key,
    sequence_items,
)
from cfgmigrate.engines.value_edits import refuse_custom_tag, replace_scalar_text, replace_value
from cfgmigrate.keypath import format_location
from cfgmigrate.ops import Copy
from cfgmigrate.rules import Add, Coerce, Map, Move, Rename, Rule, RulePack, is_missing, same_value
from cfgmigrate.types import Change, Diagnostic, Edit, Severity


@dataclass
class RuleRun:
    """One rule applied to one text: what it found and the edits it wants."""

    path: str
    rule: Rule
    text: Text
    docs: list[Node]
    dialect: str
    step: int
    all_entries: list[Entry] = field(default_factory=list)
    all_mappings: list[tuple[tuple[Any, ...], MappingNode, int]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    protected: set[tuple[int, tuple[Any, ...]]] = field(default_factory=set)  # mappings receiving inserts
    inserts: list[Callable[[frozenset[int]], Edit]] = field(default_factory=list)  # built once removals are known
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inherits: merges.Index = field(default_factory=dict)  # merged mapping -> the mappings merging it
    removed_items: list[Item] = field(default_factory=list)
    edited_values: set[int] = field(default_factory=set)  # a node reached through aliases is edited once
    interpolated: list[tuple[ScalarNode, tuple[Any, ...]]] | None = None  # scalars holding ``${``, found once

    def edit_value(self, node: Node, edit: Edit) -> None:
        if id(node) not in self.edited_values:
            self.edited_values.add(id(node))
            self.edits.append(edit)

    def line(self, node: Node) -> int:
        return self.text.line_no(node.start_mark.index)

    def change(self, node: Node, message: str) -> None:
        self.changes.append(Change(self.rule.id, self.line(node), message))

    def fail(self, node: Node | None, message: str) -> None:
        line = self.line(node) if node is not None else 0
        self.diagnostics.append(Diagnostic(self.path, line, self.rule.id, message))

    def warn(self, node: Node, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, self.line(node), self.rule.id, message, Severity.WARNING))


def run_rule(
    path: str, text: str, rule: Rule, dialect: str, docs: list[Node] | None = None
) -> tuple[str, list[Change], list[Diagnostic]]:
    """Apply one rule to a document's text (``docs``: its nodes, when already composed). On any
    error diagnostic the text comes back unchanged."""
    docs = compose(text) if docs is None else docs
    t = Text(text)
    found = list(entries(docs))  # walked once per rule: every lookup below reuses it
    run = RuleRun(path, rule, t, docs, dialect, indent_step(found, t), found, mappings(docs, found))
    if "<<" in text:
        run.inherits = merges.inheritance(docs)
    candidates: list[Any] = run.all_entries
    if rule.op in ITEM_OPS:
        candidates = candidates + list(sequence_items(docs))
    last = None if rule.path.is_wild(len(rule.path.segments) - 1) else rule.path.last
    matches = [
        e
        for e in candidates
        if (last is None or isinstance(e.location[-1], int) or e.location[-1] == last)  # cheap, before the match
        and rule.path.match(e.location) is not None
        and (rule.when is None or rule.applies_to_value(node_value(e.value)))
    ]
    answer = ANSWERS[rule.op]
    assert isinstance(answer, Handles), f"{rule.op} reached the config engine, which does not handle it"
    answer.handler(run, matches)
    if any(d.severity is Severity.ERROR for d in run.diagnostics):
        return text, [], run.diagnostics
    removed, items = removals.pruned(run)
    removals.refuse_aliased(run, list(removed.values()), items)
    if any(d.severity is Severity.ERROR for d in run.diagnostics):
        return text, [], run.diagnostics
    leaving = frozenset(removed)
    run.edits.extend(insert(leaving) for insert in run.inserts)
    cuts = removals.removal_edits(run, removed, items)
    run.edits = [e for e in run.edits if not _inside_cut(e, cuts)] + cuts
    try:
        new_text = apply_edits(text, run.edits)
    except OverlappingEdits as e:
        return text, [], [Diagnostic(path, 0, rule.id, f"edits of this rule overlap ({e}); file left as it was")]
    return new_text, attach(text, run.changes, run.edits), run.diagnostics


# ---------------------------------------------------------------------------------------------
# Operations


def _rename(run: RuleRun, matches: list[Entry]) -> None:
    assert isinstance(run.rule, Rename)
    for entry in matches:
        new = run.rule.target.last
        if new == entry.key.value:
            continue
        if _resolve_conflict(run, entry, entry.mapping, new) and _resolve_inherited(run, entry, new, node_value(entry.value)):
            run.edits.append(_key_edit(run, entry.key, new))
            run.change(entry.key, f"renamed {format_location(entry.location)} to {new}")
            _follow_interpolations(run, entry.location, entry.location[:-1] + (new,))


def _remove(run: RuleRun, matches: list[Entry | Item]) -> None:
    for entry in matches:
        if isinstance(entry, Item):
            run.removed_items.append(entry)
        else:
            run.removed.append(entry)
        run.change(entry.value if isinstance(entry, Item) else entry.key, f"removed {format_location(entry.location)}")


def _coerce(run: RuleRun, matches: list[Entry | Item]) -> None:
    assert isinstance(run.rule, Coerce)
    for entry in matches:
        value = entry.value
        if not isinstance(value, ScalarNode):
            run.fail(value, f"cannot coerce {format_location(entry.location)}: it is not a single value")
            continue
        current = node_value(value)
        try:
            new = coerce(current, run.rule.coerce_to)
        except CoercionError as e:
            run.fail(value, f"cannot coerce {format_location(entry.location)} to {run.rule.coerce_to}: {e}")
            continue
        if same_value(new, current) and type(new) is type(current) and not _float_text_unsafe(value, new, run):
            continue
        if refuse_custom_tag(run, value, entry.location):
            continue
        quote = value.style if isinstance(new, str) and value.style in ("'", '"') else None
        source = value.value if run.rule.coerce_to == "float" else None
        run.edit_value(value, replace_scalar_text(run.text, value, format_scalar(new, run.dialect, quote, source)))
        run.change(value, f"coerced {format_location(entry.location)} to {run.rule.coerce_to}")


def _float_text_unsafe(node: ScalarNode, value: Any, run: RuleRun) -> bool:
    """A float literal that YAML 1.1 readers take for a string (``1e-4``): rewrite it as ``1.0e-4``."""
    return (
        run.dialect == "yaml"
        and isinstance(value, float)
        and not node.style
        and format_scalar(value, "yaml", source=node.value) != node.value
    )


def _map(run: RuleRun, matches: list[Entry | Item]) -> None:
    rule = run.rule
    assert isinstance(rule, Map)
    for entry in matches:
        if isinstance(entry, Item):
            map_item(run, entry)
            continue
        current = node_value(entry.value)
        if not rule.applies_to_value(current) or (rule.target is None and rule.already_mapped(current)):
            continue
        new = rule.mapped(current)
        if is_missing(new):
            _unmapped(run, entry, current)
            continue
        new_key = rule.target.last if rule.target is not None else entry.key.value
        if new_key == entry.key.value and same_value(new, current) and type(new) is type(current):
            continue  # a value that maps to itself (an allowed value listed as such) is no change
        if new_key != entry.key.value and not (
            _resolve_conflict(run, entry, entry.mapping, new_key, new) and _resolve_inherited(run, entry, new_key, new)
        ):
            continue
        if new_key != entry.key.value:
            run.edits.append(_key_edit(run, entry.key, new_key))
        if not (same_value(new, current) and type(new) is type(current)):
            if refuse_custom_tag(run, entry.value, entry.location):
                continue
            edit = replace_value(run.text, run.dialect, run.step, entry.value, new, entry.key, is_flow(entry.mapping))
            run.edit_value(entry.value, edit)
        run.change(entry.key, f"mapped {format_location(entry.location)}: {current!r} -> {new_key}: {new!r}")


def _unmapped(run: RuleRun, entry: Entry, current: Any) -> None:
    where = format_location(entry.location)
    assert isinstance(run.rule, Map)
    if run.rule.otherwise == "remove":
        run.removed.append(entry)
        run.change(entry.key, f"removed {where} (value {current!r} not in `values`)")
    elif run.rule.otherwise == "error":
        run.fail(entry.value, f"{where} has value {current!r}, which `values` does not map")
    else:
        run.warn(entry.value, f"{where} has value {current!r}, which `values` does not map; left as it is (needs a person)")


def _inside_cut(edit: Edit, cuts: list[Edit]) -> bool:
    """An edit within text that a removal takes away anyway (a key renamed inside a removed section)."""
    return any(c.start <= edit.start and edit.end <= c.end and c.start < edit.end and edit.start < c.end for c in cuts)


def _key_edit(run: RuleRun, key: ScalarNode, new: str) -> Edit:
    """The key renamed in place; an anchor or tag written on it stays."""
    start, _ = properties(key, run.text)
    return Edit(start, key.end_mark.index, render_key(new, run.dialect, key.style))


def _move(run: RuleRun, matches: list[Entry]) -> None:
    assert isinstance(run.rule, Move)
    for entry in matches:
        captures = run.rule.path.match(entry.location) or ()
        target = run.rule.target.substitute(captures)
        if target == entry.location:
            continue
        if target[: len(entry.location)] == entry.location:
            run.fail(entry.key, f"cannot move {format_location(entry.location)} inside itself")
            continue
        _move_entry(run, entry, target)


def _move_entry(run: RuleRun, entry: Entry, target: tuple[Any, ...]) -> None:
    parent_loc, new_key = target[:-1], target[-1]
    parent, depth_found = _deepest_mapping(run, entry.doc, parent_loc)
    if parent is None:
        run.fail(
            entry.key,
            f"cannot move to {format_location(target)}: {format_location(parent_loc[: depth_found + 1])} is not a mapping",
        )
        return
    if depth_found == len(parent_loc) and not _resolve_conflict(run, entry, parent, new_key, target=target):
        return
    if depth_found == len(parent_loc) and any(k.value == new_key for k, _ in parent.value):
        return  # the existing target was kept (on_conflict keep, or the same value)
    run.removed.append(entry)
    run.protected.add((entry.doc, parent_loc[:depth_found]))
    missing = parent_loc[depth_found:]
    run.inserts.append(lambda leaving: _insert_moved(run, entry, parent, missing, new_key, leaving))
    run.change(entry.key, f"moved {format_location(entry.location)} to {format_location(target)}")
    _follow_interpolations(run, entry.location, target)


def _deepest_mapping(run: RuleRun, doc: int, loc: tuple[Any, ...]) -> tuple[MappingNode | None, int]:
    """The mapping at the longest existing prefix of ``loc`` and that prefix's length."""
    found = {where: m for where, m, d in run.all_mappings if d == doc}
    for depth in range(len(loc), -1, -1):
        prefix = loc[:depth]
        if prefix in found:
            return found[prefix], depth
        if depth and any(e.location == prefix and e.doc == doc for e in run.all_entries):
            return None, depth - 1
    return None, 0


def _insert_moved(
    run: RuleRun, entry: Entry, parent: MappingNode, missing: tuple[Any, ...], new_key: str, leaving: frozenset[int]
) -> Edit:
    data: Any = {new_key: node_value(entry.value)}
    for seg in reversed(missing):
        data = {seg: data}
    if is_flow(parent) or not parent.value:
        return layout.insertion_edit(parent, "", data, run.text, run.dialect, run.step, leaving)
    col = run.text.column(parent.value[0][0].start_mark.index)
    inner_col = col + run.step * len(missing)
    block = layout.relocated_entry(entry, new_key, inner_col, run.text, run.dialect)
    for i, seg in reversed(list(enumerate(missing))):
        block = " " * (col + run.step * i) + render_key(str(seg), run.dialect) + ":" + run.text.nl + block
    return layout.insertion_edit(parent, block, data, run.text, run.dialect, run.step, leaving)


def _copy(run: RuleRun, matches: list[Entry]) -> None:
    """``copy``: the entry is inserted again at the target (re-keyed, with its owned comments); it stays."""
    assert isinstance(run.rule, Copy)
    for entry in matches:
        target = run.rule.target.substitute(run.rule.path.match(entry.location) or ())
        if target[: len(entry.location)] == entry.location:
            run.fail(entry.key, f"cannot copy {format_location(entry.location)} into itself")
            continue
        parent, depth = _deepest_mapping(run, entry.doc, target[:-1])
        if parent is None:
            where = format_location(target[: depth + 1])
            run.fail(entry.key, f"cannot copy to {format_location(target)}: {where} is not a mapping")
        elif depth < len(target) - 1 or _copy_may_replace(run, entry, parent, target):
            run.protected.add((entry.doc, target[:depth]))
            missing = target[depth:-1]
            run.inserts.append(_copy_insert(run, entry, parent, missing, str(target[-1])))
            run.change(entry.key, f"copied {format_location(entry.location)} to {format_location(target)}")


def _copy_insert(
    run: RuleRun, entry: Entry, parent: MappingNode, missing: tuple[Any, ...], key: str
) -> Callable[[frozenset[int]], Edit]:
    return lambda leaving: _insert_moved(run, entry, parent, missing, key, leaving)


def _copy_may_replace(run: RuleRun, entry: Entry, parent: MappingNode, target: tuple[Any, ...]) -> bool:
    """Whether the copy goes in: no target yet, or one that ``on_conflict: replace`` removes first."""
    assert isinstance(run.rule, Copy)
    existing = next(((k, v) for k, v in parent.value if k.value == target[-1]), None)
    if existing is None:
        return True
    if same_value(node_value(existing[1]), node_value(entry.value)) or run.rule.on_conflict == "keep":
        return False
    if run.rule.on_conflict == "replace":
        run.removed.append(Entry(target, existing[0], existing[1], parent, entry.doc))
        return True
    where = format_location(entry.location)
    run.fail(
        entry.key,
        f"cannot copy {where} to {format_location(target)}: it already exists (line {run.line(existing[0])}) "
        "with another value; set on_conflict to keep or replace",
    )
    return False


def _add(run: RuleRun, matches: list[Entry]) -> None:
    """``add`` with ``configs: true``: write the key where its parent section exists and lacks it."""
    rule = run.rule
    assert isinstance(rule, Add)
    if not rule.configs:
        return
    parent_path = rule.path.parent
    for loc, mapping, _doc in run.all_mappings:
        if not loc or parent_path.match(loc) is None or any(k.value == rule.path.last for k, _ in mapping.value):
            continue
        data = {rule.path.last: rule.value}
        col = run.text.column(mapping.value[0][0].start_mark.index) if mapping.value else 0
        block = layout.block_lines(rule.path.last, rule.value, col, run.step, run.text.nl)
        run.edits.append(layout.insertion_edit(mapping, block, data, run.text, run.dialect, run.step))
        run.changes.append(
            Change(rule.id, run.text.line_no(mapping.start_mark.index), f"added {format_location(loc + (rule.path.last,))}")
        )


def _unless_configs(rule: Add, pack: RulePack) -> str:
    return "" if rule.configs else "add writes config files only with `configs: true`"


ITEM_OPS = ("map", "coerce", "remove")  # operations that also reach sequence items (SPEC "Key paths")

# The config engine's answer for every operation (one row each; tests/test_engine_table.py checks it).
ANSWERS: dict[str, Answer] = {
    "rename": Handles(_rename),
    "move": Handles(_move),
    "coerce": Handles(_coerce),
    "add": Handles(_add, _unless_configs),
    "set_default": Skips("config files hold explicit values, not defaults"),
    "remove": Handles(_remove),
    "map": Handles(_map),
    "copy": Handles(_copy),
    "rename_symbol": Handles(symbol_values.handle),
}


# ---------------------------------------------------------------------------------------------
# Conflicts, removals, interpolations


def _resolve_conflict(
    run: RuleRun, entry: Entry, mapping: MappingNode, new_key: str, new_value: Any = None, target: tuple[Any, ...] | None = None
) -> bool:
    """Whether the entry may take ``new_key`` in ``mapping``; handles an existing key per on_conflict."""
    existing = next(((k, v) for k, v in mapping.value if k.value == new_key and k is not entry.key), None)
    if existing is None:
        return True
    value = node_value(entry.value) if new_value is None else new_value
    where, goes_to = format_location(entry.location), target or entry.location[:-1] + (new_key,)
    policy = run.rule.on_conflict if isinstance(run.rule, (Rename, Move, Map)) else "error"
    if same_value(node_value(existing[1]), value) or policy == "keep":
        run.removed.append(entry)
        run.change(entry.key, f"dropped {where}: {format_location(goes_to)} already set (line {run.line(existing[0])})")
        _follow_interpolations(run, entry.location, goes_to)
        return False
    if policy == "replace":
        run.removed.append(Entry(goes_to, existing[0], existing[1], mapping, entry.doc))
        return True
    verb = "move" if target is not None else "rename"
    run.fail(
        entry.key,
        f"cannot {verb} {where} to {format_location(goes_to)}: it already exists (line {run.line(existing[0])}) "
        "with another value; set on_conflict to keep or replace",
    )
    return False


def _resolve_inherited(run: RuleRun, entry: Entry, new_key: str, value: Any) -> bool:
    """Mappings that merge the entry's mapping (``<<``) take the new key too: their own key of that
    name is a conflict there, handled per on_conflict (keep: theirs wins; replace: theirs goes)."""
    ok = True
    policy = run.rule.on_conflict if isinstance(run.rule, (Rename, Move, Map)) else "error"
    for heir in merges.inheriting(run.inherits, entry.mapping, entry.key.value):
        own = merges.own_key(heir.mapping, new_key)
        if own is None or same_value(node_value(own[1]), value) or policy == "keep":
            continue
        if policy == "replace":
            run.removed.append(Entry(heir.location + (new_key,), own[0], own[1], heir.mapping, heir.doc))
            continue
        run.fail(
            entry.key,
            f"cannot rename {format_location(entry.location)} to {new_key}: "
            f"{format_location(heir.location) or 'the document'} merges it (<<) and has its own {new_key} "
            f"(line {run.line(own[0])}) with another value; set on_conflict to keep or replace",
        )
        ok = False
    return ok


def _follow_interpolations(run: RuleRun, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    if run.dialect != "yaml" or "${" not in run.text.s:
        return
    if run.interpolated is None:
        run.interpolated = interpolation.interpolated(run.docs)
    run.edits.extend(interpolation.follow(run.docs, run.text.s, old, new, run.interpolated))
