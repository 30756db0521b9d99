"""Comparing configuration values the way a config means them (``True`` is not ``1``)."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()  # "no value" where ``None`` is a value (YAML ``null``)


def is_missing(value: Any) -> bool:
    return value is MISSING


def same_value(a: Any, b: Any) -> bool:
    """Equality that keeps bools apart from ints (``True`` is not ``1`` in a config)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    return isinstance(a, str) == isinstance(b, str) and bool(a == b)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)
