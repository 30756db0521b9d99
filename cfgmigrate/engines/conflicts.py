"""What a key arriving in a mapping meets: a key of that name already there (``on_conflict``), the
mappings that merge this one (``<<``), and the ``${...}`` interpolations that name the old path."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.nodes import MappingNode

from cfgmigrate.engines import interpolation, merges
from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.textdoc import Entry, node_value
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Map, Move, Rename, same_value


def resolve_conflict(
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
        follow_interpolations(run, entry.location, goes_to)
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


def resolve_inherited(run: RuleRun, entry: Entry, new_key: str, value: Any) -> bool:
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


def follow_interpolations(run: RuleRun, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    if run.dialect != "yaml" or "${" not in run.text.s:
        return
    if run.interpolated is None:
        run.interpolated = interpolation.interpolated(run.docs)
    run.edits.extend(interpolation.follow(run.docs, run.text.s, old, new, run.interpolated))
