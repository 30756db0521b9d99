"""Type-exact equality of plain data, for the equivalence check.

``json.dumps(..., sort_keys=True)`` turns every mapping key into a string, so it read the key ``1``
and the key ``"1"`` (and ``true`` / ``"true"``, ``1.0`` / ``"1.0"``) as one: an edit that wrongly
quoted a key passed the check. Here a key or a value matches only one of the same type, and
Python's own ``==`` is not used across types either (``1 == 1.0 == True``). As before, mapping
order does not matter, a NaN equals a NaN, and ``-0.0`` is not ``0.0`` (floats compare by ``repr``).
"""

from __future__ import annotations

from typing import Any

_PLAIN = (str, int, bool, type(None))  # compared with == once their types are the same
_ABSENT: Any = object()
_STR_ONLY = frozenset({str})  # the key types of a mapping compared as they are


def same_data(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are the same data, types included, at every depth (one object is the
    same data as itself: every comparison here holds between a value and itself, a NaN included)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return _same_mapping(a, b)
    if kind is list:
        return len(a) == len(b) and all(map(same_data, a, b))
    if kind is float:
        return repr(a) == repr(b)
    return bool(a == b)


def _same_mapping(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    if len(a) != len(b):
        return False
    if not _STR_ONLY.issuperset(map(type, a)) or not _STR_ONLY.issuperset(map(type, b)):
        a, b = _typed_keys(a), _typed_keys(b)  # 1, True, 1.0 and "1" are four keys here
        if len(a) != len(b):
            return False
    for k, v in a.items():
        w = b.get(k, _ABSENT)
        if w is _ABSENT:
            return False
        if v is w:
            continue
        kind = type(v)
        if kind in _PLAIN:
            if kind is not type(w) or v != w:
                return False
        elif not same_data(v, w):
            return False
    return True


def _typed_keys(d: dict[Any, Any]) -> dict[Any, Any]:
    return {key_of(k): v for k, v in d.items()}


def key_of(k: Any) -> Any:
    """A key that equals another only when the data keys are the same type and value: a string
    stays itself; anything else becomes a tuple led by its type's name (never equal to a string)."""
    kind = type(k)
    if kind is str:
        return k
    if kind is tuple:
        return ("tuple", *map(key_of, k))
    if kind is float:
        return ("float", repr(k))
    tag = getattr(k, "tag", None)  # a YAML key that does not read as a string (textdoc.TypedKey)
    return (kind.__name__, k) if tag is None else ("key", tag, str(k))
