"""One rule carried out on a tomlkit document: tomlkit finds each key where it is written (a table,
a dotted key, an inline table, an array of tables) and reprints only what was changed.

What a key becomes (a coerced or mapped value, whether a mapped key goes) is what the reference
transformation computes on plain data (:mod:`cfgmigrate.engines.reference`): the two agree by
construction on meaning, and :mod:`.checks` verifies that the text tomlkit prints reads back as
exactly that data and that no line without an edited key changed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Table

from cfgmigrate.engines import reference
from cfgmigrate.engines.toml import headers, spelling
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Coerce, Map, Move, Remove, Rename, Rule, is_missing


@dataclass
class Outcome:
    """What one rule did: ``(location, message)`` per change, and what it left for a person."""

    changes: list[tuple[tuple[Any, ...], str]] = field(default_factory=list)
    warnings: list[tuple[tuple[Any, ...], str]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # the keys whose lines may change
    headers: list[tuple[tuple[Any, ...], str]] = field(default_factory=list)  # tables to rename on the text
    moves: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = field(default_factory=list)  # tables to move on the text


class Refusal(Exception):
    pass


def locations(data: Any, rule: Rule, only_under: str = "") -> list[tuple[Any, ...]]:
    """The keys the rule matches, and for ``map``, ``coerce`` and ``remove`` the array items too
    (``sched.lrs.*``), innermost first and the items of one array from the last (a removal leaves the
    indexes before it valid), within ``only_under`` when given (pyproject's ``tool``)."""
    items = rule.op in reference.ITEM_OPS
    found = [
        loc
        for loc in _keys(data, (), items)
        if (not only_under or loc[0] == only_under)
        and rule.path.match(loc) is not None
        and (rule.when is None or rule.applies_to_value(_get(data, loc)))
    ]
    return sorted(found, key=lambda loc: (len(loc), loc[-1] if isinstance(loc[-1], int) else -1), reverse=True)


def _keys(data: Any, loc: tuple[Any, ...], items: bool = False) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*loc, k)
            yield from _keys(v, (*loc, k), items)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if items:
                yield (*loc, i)
            yield from _keys(v, (*loc, i), items)


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def expected(doc: tomlkit.TOMLDocument, rule: Rule) -> Any:
    """The document's data after ``rule``, as the reference transformation computes it."""
    return reference.transform([copy.deepcopy(doc.unwrap())], (rule,))[0]


def apply_at(doc: Any, rule: Rule, loc: tuple[Any, ...], expected: Any, out: Outcome) -> None:
    """Carry ``rule`` out on the key at ``loc`` of ``doc``, in place; Refusal when it cannot."""
    parent, key = _container(doc, loc[:-1]), loc[-1]
    out.keys.add(str(key))
    if isinstance(rule, Remove):
        _header_check(_item(parent, key), "remove")
        del parent[key]
        out.changes.append((loc, f"removed {format_location(loc)}"))
    elif isinstance(rule, Rename):
        _rename(parent, key, rule.target.last, loc, rule.on_conflict, out)
    elif isinstance(rule, (Coerce, Map)):
        _revalue(parent, key, rule, loc, expected, out)
    elif isinstance(rule, Move):
        _move(doc, rule, loc, out)
    else:
        raise Refusal(f"the TOML engine does not {rule.op.replace('_', ' ')} keys")


def _rename(parent: Any, key: str, new: str, loc: tuple[Any, ...], on_conflict: str, out: Outcome) -> None:
    out.keys.add(new)
    where = format_location((*loc[:-1], new))
    if _spread(_item(parent, key)):  # its key is written on header lines: renamed on the text
        if new in parent:
            raise Refusal(f"cannot rename the table {format_location(loc)} to {new}: {where} is already set")
        out.headers.append((loc, new))
        return
    if new in parent and on_conflict == "error" and _plain(parent[new]) != _plain(parent[key]):
        raise Refusal(f"cannot rename {format_location(loc)} to {new}: {where} is already set")
    if new in parent and on_conflict in ("keep", "error"):  # the same value (error) or the one already there (keep)
        del parent[key]
        out.changes.append((loc, f"dropped {format_location(loc)}: {where} already set"))
        return
    if new in parent:  # replace
        del parent[new]
    _container_of(parent)._replace(key, new, _item(parent, key))
    out.changes.append((loc, f"renamed {format_location(loc)} to {new}"))


def _revalue(parent: Any, key: Any, rule: Coerce | Map, loc: tuple[Any, ...], expected: Any, out: Outcome) -> None:
    destination = rule.destination()
    if isinstance(rule, Map) and _left_by_map(parent, key, rule, loc, out):
        return
    new_key = destination.last if isinstance(rule, Map) and destination is not None else key
    out.keys.add(new_key)
    new_loc = (*loc[:-1], new_key)
    try:
        value = _get(expected, new_loc)
    except (KeyError, IndexError, TypeError):
        _header_check(_item(parent, key), "remove")
        del parent[key]
        out.changes.append((loc, f"removed {format_location(loc)} (value not in `values`)"))
        return
    if value is None:
        raise Refusal(f"cannot write {format_location(new_loc)} as null: TOML has no null")
    current = _plain(parent[key])
    same = value == current and type(value) is type(current)
    if same and new_key == key:
        return  # already what the rule asks
    if not same:
        _header_check(_item(parent, key), "change")
        parent[key] = spelling.item(value, current)
    if new_key != key:
        _rename(parent, key, new_key, loc, "error", Outcome())
    verb = "coerced" if isinstance(rule, Coerce) else "mapped"
    out.changes.append((loc, f"{verb} {format_location(loc)}: {current!r} -> {format_location(new_loc)}: {value!r}"))


def _left_by_map(parent: Any, key: Any, rule: Map, loc: tuple[Any, ...], out: Outcome) -> bool:
    """Whether the map leaves this key or item as it is (said where a person must look), or refuses it."""
    current, where = _plain(parent[key]), format_location(loc)
    if not rule.applies_to_value(current) or (rule.target is None and rule.already_mapped(current)):
        return True
    if is_missing(rule.mapped(current)) and rule.otherwise != "remove":
        if rule.otherwise == "error":
            raise Refusal(f"{where} has value {current!r}, which `values` does not map")
        out.warnings.append((loc, f"{where} has value {current!r}, which `values` does not map; left as it is (needs a person)"))
        return True
    if isinstance(key, int) and rule.target is not None:
        out.warnings.append((loc, f"{where} is an array item: it has no key to rename to {rule.target.last}; left as it is"))
        return True
    return False


def movable(doc: Any, text: str, rule: Move, only_under: str = "") -> bool:
    """Whether every key the move matches is a table written on [header] lines only (no dotted key
    spells it), outside any array of tables, going to a place outside any array too (what
    :func:`.headers.move` can do with ``text``)."""
    for loc in locations(doc.unwrap(), rule, only_under):
        target = rule.target.substitute(rule.path.match(loc) or ())
        if target != loc and not (
            _spread(_item(_container(doc, loc[:-1]), loc[-1]))
            and all(isinstance(p, str) for p in (*loc, *target))
            and headers.move(text, loc, target) is not None
        ):
            return False
    return True


def _move(doc: Any, rule: Move, loc: tuple[Any, ...], out: Outcome) -> None:
    target = rule.target.substitute(rule.path.match(loc) or ())
    if target == loc:
        return
    data = doc.unwrap()
    if target[: len(loc)] == loc:
        raise Refusal(f"cannot move {format_location(loc)} inside itself")
    try:
        reference._get(data, target)
        raise Refusal(f"cannot move the table {format_location(loc)} to {format_location(target)}: it is already set")
    except (KeyError, IndexError, TypeError):
        pass
    out.keys |= {str(loc[-1]), str(target[-1])}
    out.moves.append((loc, target))


def _spread(item: Any) -> bool:
    """Whether the table's key is written on header or dotted-key lines (not an inline table)."""
    return isinstance(item, (AoT, Table, OutOfOrderTableProxy))


def _header_check(item: Any, what: str) -> None:
    """A table written as a ``[header]`` (or an array of tables) is not edited: its key is spread
    over header lines that tomlkit does not reprint."""
    if isinstance(item, AoT) or (isinstance(item, Table) and not item.is_super_table()):
        raise Refusal(f"cannot {what} a table written as a [header] in TOML")


def _container(doc: Any, loc: tuple[Any, ...]) -> Any:
    node = doc
    for part in loc:
        node = node[part]
    return node


def _item(parent: Any, key: Any) -> Any:
    """The tomlkit item at ``key`` (indexing a table gives plain Python values for some items)."""
    return _container_of(parent).item(key) if isinstance(key, str) else parent[key]


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _container_of(node: Any) -> Any:
    """The tomlkit container whose body holds the keys (a document is its own)."""
    return node if isinstance(node, tomlkit.TOMLDocument) else node.value
