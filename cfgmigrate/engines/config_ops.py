"""The operations on YAML/JSON documents: one rule in, text edits out.

Each operation finds its entries through :mod:`textdoc` and writes edits through :mod:`layout`.
Removals are collected first so that a mapping a rule empties is pruned as a whole.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.nodes import Node, ScalarNode

from cfgmigrate.edits import OverlappingEdits, apply_edits, attach
from cfgmigrate.engines import merges, placement, removals, symbol_values
from cfgmigrate.engines.base import Answer, Handles, Skips
from cfgmigrate.engines.conflicts import follow_interpolations, resolve_conflict, resolve_inherited
from cfgmigrate.engines.item_ops import map_item
from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.scalars import CoercionError, coerce, format_scalar
from cfgmigrate.engines.textdoc import (
    Entry,
    Item,
    Text,
    compose,
    entries,
    is_flow,
    node_value,
    properties,
    render_key,
    sequence_items,
)
from cfgmigrate.engines.value_edits import refuse_custom_tag, replace_scalar_text, replace_value
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Add, Coerce, Map, Rename, Rule, RulePack, is_missing, same_value
from cfgmigrate.types import Change, Diagnostic, Edit, Severity


def run_rule(
    path: str, text: str, rule: Rule, dialect: str, docs: list[Node] | None = None
) -> tuple[str, list[Change], list[Diagnostic]]:
    """Apply one rule to a document's text (``docs``: its nodes, when already composed). On any
    error diagnostic the text comes back unchanged."""
    docs = compose(text) if docs is None else docs
    run = RuleRun(path, rule, Text(text), docs, dialect)  # (every entry, the mappings, the step: read when needed)
    if "<<" in text:
        run.inherits = merges.inheritance(docs)
    last = None if rule.path.is_wild(len(rule.path.segments) - 1) else rule.path.last
    candidates: list[Any] = run.all_entries if last is None else entries(docs, last)  # (the same walk)
    if rule.op in ITEM_OPS:
        candidates = candidates + list(sequence_items(docs))
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
        if resolve_conflict(run, entry, entry.mapping, new) and resolve_inherited(run, entry, new, node_value(entry.value)):
            run.edits.append(_key_edit(run, entry.key, new))
            run.change(entry.key, f"renamed {format_location(entry.location)} to {new}")
            follow_interpolations(run, entry.location, entry.location[:-1] + (new,))


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
            run.unmapped(entry, current)
            continue
        new_key = rule.target.last if rule.target is not None else entry.key.value
        if new_key == entry.key.value and same_value(new, current) and type(new) is type(current):
            continue  # a value that maps to itself (an allowed value listed as such) is no change
        if new_key != entry.key.value and not (
            resolve_conflict(run, entry, entry.mapping, new_key, new) and resolve_inherited(run, entry, new_key, new)
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


def _inside_cut(edit: Edit, cuts: list[Edit]) -> bool:
    """An edit within text that a removal takes away anyway (a key renamed inside a removed section)."""
    return any(c.start <= edit.start and edit.end <= c.end and c.start < edit.end and edit.start < c.end for c in cuts)


def _key_edit(run: RuleRun, key: ScalarNode, new: str) -> Edit:
    """The key renamed in place; an anchor or tag written on it stays."""
    start, _ = properties(key, run.text)
    return Edit(start, key.end_mark.index, render_key(new, run.dialect, key.style))


def _unless_configs(rule: Add, pack: RulePack) -> str:
    return "" if rule.configs else "add writes config files only with `configs: true`"


ITEM_OPS = ("map", "coerce", "remove")  # operations that also reach sequence items (SPEC "Key paths")

# The config engine's answer for every operation (one row each; tests/test_engine_table.py checks it).
ANSWERS: dict[str, Answer] = {
    "rename": Handles(_rename),
    "move": Handles(placement.move),
    "coerce": Handles(_coerce),
    "add": Handles(placement.add, _unless_configs),
    "set_default": Skips("config files hold explicit values, not defaults"),
    "remove": Handles(_remove),
    "map": Handles(_map),
    "copy": Handles(placement.copy),
    "rename_symbol": Handles(symbol_values.handle),
}
