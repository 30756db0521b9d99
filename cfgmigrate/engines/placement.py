"""The config operations that write a key at another place: ``move`` (the entry goes), ``copy`` (it
stays) and ``add`` (a new key where its parent section lacks it). Each inserts through
:mod:`layout` once the rule's removals are known."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.nodes import MappingNode

from cfgmigrate.engines import layout
from cfgmigrate.engines.conflicts import follow_interpolations, resolve_conflict
from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.textdoc import Entry, is_flow, node_value, render_key
from cfgmigrate.keypath import format_location
from cfgmigrate.ops import Copy
from cfgmigrate.rules import Add, Move, same_value
from cfgmigrate.types import Change, Edit


def move(run: RuleRun, matches: list[Entry]) -> None:
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
    if depth_found == len(parent_loc) and not resolve_conflict(run, entry, parent, new_key, target=target):
        return
    if depth_found == len(parent_loc) and any(k.value == new_key for k, _ in parent.value):
        return  # the existing target was kept (on_conflict keep, or the same value)
    run.removed.append(entry)
    run.protected.add((entry.doc, parent_loc[:depth_found]))
    missing = parent_loc[depth_found:]
    run.inserts.append(lambda leaving: _insert_moved(run, entry, parent, missing, new_key, leaving))
    run.change(entry.key, f"moved {format_location(entry.location)} to {format_location(target)}")
    follow_interpolations(run, entry.location, target)


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


def copy(run: RuleRun, matches: list[Entry]) -> None:
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


def add(run: RuleRun, matches: list[Entry]) -> None:
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
