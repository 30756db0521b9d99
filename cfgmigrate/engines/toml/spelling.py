"""How a value the rules write is spelled in TOML: a float keeps the file's own spelling where that
is a TOML float of the same value (``lr = "3e-4"`` coerced is ``lr = 3e-4``), else the shortest
spelling that reads back equal, in TOML's style (``1e-5``, not Python's ``1e-05``)."""

from __future__ import annotations

import math
import re
from typing import Any

import tomlkit
from tomlkit.items import Float, Trivia

_DIGITS = r"(?:0|[1-9](?:_?[0-9])*)"
_TOML_FLOAT = re.compile(rf"[+-]?{_DIGITS}(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?")
_EXPONENT = re.compile(r"(-?[0-9.]+)e([+-])0*([0-9]+)")


def item(value: Any, source: Any = None) -> Any:
    """The tomlkit item for ``value`` (``source``: what the file held before, for its spelling)."""
    if isinstance(value, float):
        return Float(value, Trivia(), float_text(value, source))
    return tomlkit.item(value)


def float_text(value: float, source: Any = None) -> str:
    if isinstance(source, str):
        own = source.strip()
        if _is_toml_float(own) and float(own.replace("_", "")) == value:
            return own
    if math.isinf(value) or math.isnan(value):
        return ("-" if value < 0 else "") + ("inf" if math.isinf(value) else "nan")
    text = repr(value)  # the shortest that reads back equal
    m = _EXPONENT.fullmatch(text)
    return f"{m.group(1)}e{'-' if m.group(2) == '-' else ''}{m.group(3)}" if m else text


def _is_toml_float(text: str) -> bool:
    """TOML's float: an integer part without leading zeros, and a fraction or an exponent (or both)."""
    return bool(_TOML_FLOAT.fullmatch(text)) and any(c in text for c in ".eE")
