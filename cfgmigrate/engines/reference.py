"""The reference transformation: each rule carried out on plain data.

The text engines edit spans; before a file is written, its re-parsed data must equal what this
module computes from the data read before (black's equivalence check). Two independent
implementations of every operation must agree, or the file is refused.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from cfgmigrate.engines import interpolation, symbol_values
from cfgmigrate.engines.scalars import coerce
from cfgmigrate.ops import Copy, RenameSymbol
from cfgmigrate.rules import Add, Coerce, Map, Move, Rename, Rule, is_missing, same_value


def transform(documents: list[Any], rules: tuple[Rule, ...], interpolations: bool | None = None) -> list[Any]:
    """The documents with the rules carried out. ``interpolations``: whether a string of theirs may
    hold ``${`` (None: look; False only where none can, as in a text without ``${`` or ``\\``)."""
    interpolations = _interpolates(documents) if interpolations is None else interpolations
    return [_transform_doc(doc, rules, interpolations) for doc in documents]


def _transform_doc(doc: Any, rules: tuple[Rule, ...], interpolations: bool) -> Any:
    for rule in rules:
        doc = _apply(doc, rule, interpolations)
    return doc


ITEM_OPS = ("map", "coerce", "remove")  # operations that also reach sequence items (SPEC "Key paths")


def _locations(data: Any, loc: tuple[Any, ...] = (), items: bool = False) -> Iterator[tuple[Any, ...]]:
    """Every mapping key's location; with ``items``, every sequence item's too."""
    if isinstance(data, dict):
        for k, v in list(data.items()):
            yield loc + (k,)
            yield from _locations(v, loc + (k,), items)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            if items:
                yield loc + (i,)
            yield from _locations(v, loc + (i,), items)


def _candidates(data: Any, last: Any, items: bool) -> list[tuple[Any, ...]]:
    """What :func:`_locations` yields (in its order) that ends in ``last`` or an item index (with
    ``last`` None: everything); the tuples of the other locations are not built."""
    found: list[tuple[Any, ...]] = []
    _walk(data, (), last, items, found)
    return found


def _walk(data: Any, loc: tuple[Any, ...], last: Any, items: bool, found: list[tuple[Any, ...]]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            if last is None or isinstance(k, int) or k == last:
                found.append(loc + (k,))
                if isinstance(v, (dict, list)):
                    _walk(v, found[-1], last, items, found)
            elif isinstance(v, (dict, list)):
                _walk(v, loc + (k,), last, items, found)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            here = loc + (i,)
            if items:
                found.append(here)
            if isinstance(v, (dict, list)):
                _walk(v, here, last, items, found)


def _interpolates(data: Any) -> bool:
    """Whether ``${`` is in the data's JSON text (``json.dumps(data, default=str)``): in a string
    (a key or a value), or in the ``str()`` of a value JSON does not know; stops at the first."""
    if isinstance(data, str):
        return "${" in data
    if isinstance(data, dict):
        return any(map(_interpolates, data)) or any(map(_interpolates, data.values()))
    if isinstance(data, (list, tuple)):
        return any(map(_interpolates, data))
    if data is None or isinstance(data, (int, float)):
        return False
    return "${" in str(data)


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _exists(data: Any, loc: tuple[Any, ...]) -> bool:
    try:
        _get(data, loc)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def _apply(doc: Any, rule: Rule, interpolations: bool) -> Any:
    if isinstance(rule, Add):
        return apply_add(doc, rule) if rule.configs else doc
    if isinstance(rule, RenameSymbol):
        return symbol_values.reference(doc, rule)
    last = None if rule.path.is_wild(len(rule.path.segments) - 1) else rule.path.last
    matches = [
        loc
        for loc in _candidates(doc, last, rule.op in ITEM_OPS)
        if rule.path.match(loc) is not None and (rule.when is None or rule.applies_to_value(_get(doc, loc)))
    ]
    if not matches:
        return doc  # nothing to do (earlier rules compacted their own removals)
    if isinstance(rule, (Rename, Map)):
        matches.sort(key=len, reverse=True)  # inner keys first: renaming an outer one moves their paths
    renames = type(rule) is Rename  # a rename empties no mapping and removes no item: nothing to prune
    before = set() if renames else _nonempty_mappings(doc)
    for loc in matches:
        if _exists(doc, loc) and _get(doc, loc) is not GONE:
            doc = REFERENCE[rule.op](doc, loc, rule)
            if interpolations and isinstance(rule, (Rename, Move, Map)):
                doc = _follow(doc, loc, rule)
    return doc if renames else _compact(_prune(doc, before))


def _rename(doc: Any, loc: tuple[Any, ...], rule: Rename) -> Any:
    return _rekey(doc, loc, rule.target.last, rule, _get(doc, loc))


def _rekey(doc: Any, loc: tuple[Any, ...], new: Any, rule: Rename | Map, value: Any) -> Any:
    """The key at ``loc`` renamed ``new`` in a copy of its mapping (and of the containers above it):
    ``doc`` itself is left as it was (see :func:`leaves_input`)."""
    parent = _copied(_get(doc, loc[:-1]))  # (a sequence when ``map`` gives an item a new value)
    old = loc[-1]
    if new == old:
        parent[old] = value
    elif new in parent and (same_value(parent[new], value) or rule.on_conflict == "keep"):
        del parent[old]
    else:
        parent[new] = value  # on_conflict replace, or no conflict
        del parent[old]
    return _put(doc, loc[:-1], parent)


def _put(doc: Any, loc: tuple[Any, ...], value: Any) -> Any:
    """``doc`` with ``value`` at ``loc``, the containers on the way copied (none changed)."""
    if not loc:
        return value
    out = _copied(doc)
    out[loc[0]] = _put(doc[loc[0]], loc[1:], value)
    return out


def _copied(container: Any) -> Any:
    return dict(container) if isinstance(container, dict) else list(container)


def leaves_input(rules: tuple[Rule, ...]) -> bool:
    """Whether :func:`transform` with these rules leaves the documents it is given as they were: a
    rename copies the mappings it changes and the containers above them (interpolations that
    follow it too, :func:`interpolation.follow_in_data`), and so does ``rename_symbol``; the other
    operations change the data in place."""
    return all(type(r) is Rename or isinstance(r, RenameSymbol) for r in rules)


def _remove(doc: Any, loc: tuple[Any, ...], rule: Rule) -> Any:
    return _delete(doc, loc)


class _Gone:
    """A removed sequence item, until the lists are compacted (indexes stay valid meanwhile)."""


GONE = _Gone()


def _delete(doc: Any, loc: tuple[Any, ...]) -> Any:
    parent = _get(doc, loc[:-1])
    if isinstance(parent, list):
        parent[loc[-1]] = GONE
    else:
        del parent[loc[-1]]
    return doc


def _compact(data: Any) -> Any:
    if isinstance(data, dict):
        for k, v in data.items():
            data[k] = _compact(v)
    elif isinstance(data, list):
        data[:] = [_compact(v) for v in data if v is not GONE]
    return data


def _coerce(doc: Any, loc: tuple[Any, ...], rule: Coerce) -> Any:
    parent = _get(doc, loc[:-1])
    parent[loc[-1]] = coerce(parent[loc[-1]], rule.coerce_to)
    return doc


def _map(doc: Any, loc: tuple[Any, ...], rule: Map) -> Any:
    current = _get(doc, loc)
    if isinstance(loc[-1], int) and rule.target is not None:
        return doc  # a sequence item has no key to rename: left (and reported) by the engine
    if not rule.applies_to_value(current) or (rule.target is None and rule.already_mapped(current)):
        return doc
    new = rule.mapped(current)
    if is_missing(new):
        if rule.otherwise == "remove":
            _delete(doc, loc)
        return doc
    new_key = rule.target.last if rule.target is not None else loc[-1]
    return _rekey(doc, loc, new_key, rule, new)


def _move(doc: Any, loc: tuple[Any, ...], rule: Move) -> Any:
    target = rule.target.substitute(rule.path.match(loc) or ())
    if target == loc:
        return doc
    value = _get(doc, loc)
    node = doc
    for part in target[:-1]:
        node = node.setdefault(part, {})
    if target[-1] not in node or rule.on_conflict == "replace":
        node[target[-1]] = value
    del _get(doc, loc[:-1])[loc[-1]]
    return doc


def _copy(doc: Any, loc: tuple[Any, ...], rule: Copy) -> Any:
    target = rule.target.substitute(rule.path.match(loc) or ())
    node = doc
    for part in target[:-1]:
        node = node.setdefault(part, {})
    if target[-1] not in node or rule.on_conflict == "replace":
        node[target[-1]] = copy.deepcopy(_get(doc, loc))
    return doc


def _follow(doc: Any, loc: tuple[Any, ...], rule: Rename | Move | Map) -> Any:
    """Interpolations pointing at a key that went elsewhere follow it (when it really went)."""
    if rule.target is None:
        return doc
    new = rule.target.substitute(rule.path.match(loc) or ()) if isinstance(rule, Move) else loc[:-1] + (rule.target.last,)
    if new == loc or not _exists(doc, new) or _exists(doc, loc):
        return doc
    return interpolation.follow_in_data(doc, loc, new)


def _noop(doc: Any, loc: tuple[Any, ...], rule: Rule) -> Any:
    return doc


# The operations on plain data, one per operation the config engine handles (checked by a test).
REFERENCE: dict[str, Callable[[Any, tuple[Any, ...], Any], Any]] = {
    "rename": _rename,
    "remove": _remove,
    "coerce": _coerce,
    "map": _map,
    "move": _move,
    "copy": _copy,
    "add": _noop,  # applied per section by apply_add
    "rename_symbol": _noop,  # applied to every string value by symbol_values.reference
}


def apply_add(doc: Any, rule: Add) -> Any:
    """``add`` with ``configs: true`` on data: every matching parent section lacking the key gets it."""
    parent_path = rule.path.parent
    for loc in [()] + list(_locations(doc)):
        if loc and parent_path.match(loc) is not None and isinstance(_get(doc, loc), dict):
            section = _get(doc, loc)
            section.setdefault(rule.path.last, rule.value)
    return doc


def _nonempty_mappings(doc: Any, loc: tuple[Any, ...] = (), found: set[tuple[Any, ...]] | None = None) -> set[tuple[Any, ...]]:
    """Locations of the mappings with keys under ``doc`` (every key's and item's value looked at)."""
    found = set() if found is None else found
    pairs = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in pairs:
        if isinstance(v, (dict, list)):
            if isinstance(v, dict) and v:
                found.add(loc + (k,))
            _nonempty_mappings(v, loc + (k,), found)
    return found


def _prune(doc: Any, before: set[tuple[Any, ...]]) -> Any:
    """Remove mappings the rule emptied (recursively); ones that were already empty stay."""
    changed = True
    while changed:
        changed = False
        for loc in sorted(before, key=len, reverse=True):
            if _exists(doc, loc) and _get(doc, loc) == {}:
                _delete(doc, loc)  # a sequence item whose mapping lost every key goes as a whole
                changed = True
    return doc
