"""Python source for plain values, for defaults and keyword values (no libcst here: call rules need none)."""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate.engines.scalars import CoercionError


class NotALiteral(ValueError):
    """An expression that is not a plain literal (a name, a call, an f-string...)."""


def source(value: Any, quote: str = '"') -> str:
    """Python source for a plain value (strings in the given quote character)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        if quote == "'" and "'" not in value and "\\" not in value:
            return "'" + value + "'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(source(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{source(k, quote)}: {source(v, quote)}" for k, v in value.items()) + "}"
    raise CoercionError(f"{value!r} cannot be written as a Python literal")


def is_mutable(value: Any) -> bool:
    return isinstance(value, (list, dict, set))


def factory_source(value: Any) -> str:
    """``default_factory`` for a mutable default: ``list``/``dict`` when empty, else a lambda."""
    if value == [] or value == {}:
        return type(value).__name__
    return "lambda: " + source(value)
