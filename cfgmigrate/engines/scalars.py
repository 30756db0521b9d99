"""Value coercion and scalar formatting shared by the config engines.

Floats are written so that YAML 1.1 readers (PyYAML) and YAML 1.2 readers (ruamel) both read a
float: always a dot in the mantissa and a signed exponent (``1.0e-4``, ``1.0e+4``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

TRUE_WORDS = {"true", "yes", "on", "1", "y"}
FALSE_WORDS = {"false", "no", "off", "0", "n"}
DTYPE_ALIASES = {
    "bfloat16": ("bf16", "bfloat16", "torch.bfloat16"),
    "float16": ("fp16", "half", "float16", "torch.float16", "torch.half"),
    "float32": ("fp32", "float", "float32", "torch.float32", "torch.float"),
    "float64": ("fp64", "double", "float64", "torch.float64", "torch.double"),
    "int8": ("int8", "torch.int8"),
    "auto": ("auto",),
}
_DTYPE_BY_ALIAS = {alias: name for name, aliases in DTYPE_ALIASES.items() for alias in aliases}
_NUMBER = re.compile(r"^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$")
_YAML11_SPECIAL = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|"
    r"null|Null|NULL|~|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
)


class CoercionError(ValueError):
    """A value that cannot be converted to the requested type."""


def coerce(value: Any, to: str) -> Any:
    """Convert a config value to ``to`` (bool | int | float | str | dtype) or raise CoercionError."""
    return _COERCERS[to](value)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise CoercionError(f"{value!r} is not a boolean (true/false/yes/no/on/off/1/0)")


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CoercionError(f"{value!r} is a boolean, not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[-+]?\d[\d_]*", value.strip()):
        return int(value.strip().replace("_", ""))
    raise CoercionError(f"{value!r} is not an integer")


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise CoercionError(f"{value!r} is a boolean, not a number")
    if isinstance(value, (int, float)):
        return _float_of(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()) and any(c.isdigit() for c in value):
        return _float_of(value.strip().replace("_", ""))
    raise CoercionError(f"{value!r} is not a number")


def _float_of(value: float | str) -> float:
    """float(), refusing what would overflow or become infinite (a 400-digit integer)."""
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if math.isinf(result) and not (isinstance(value, float) and math.isinf(value)):
        raise CoercionError(f"{_short_number(value)} is too large for a float")
    return result


def _short_number(value: float | str) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}...{text[-4:]} ({len(text)} digits)"


def _to_str(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise CoercionError(f"{value!r} is not a scalar string")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else format_float(value) if isinstance(value, float) else str(value)


def _to_dtype(value: Any) -> str:
    if isinstance(value, str) and value.strip() in _DTYPE_BY_ALIAS:
        return _DTYPE_BY_ALIAS[value.strip()]
    raise CoercionError(f"{value!r} is not a dtype name (bf16, fp16, half, float32, torch.bfloat16, ...)")


_COERCERS = {"bool": _to_bool, "int": _to_int, "float": _to_float, "str": _to_str, "dtype": _to_dtype}


def format_float(value: float, source: str | None = None) -> str:
    """A float literal every YAML reader reads as a float; keeps the source's digits when given."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = source.strip() if source is not None and _NUMBER.match(source.strip()) else repr(value)
    mantissa, _, exponent = text.lower().partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    elif mantissa.endswith("."):
        mantissa += "0"
    if mantissa.startswith((".", "-.", "+.")):
        mantissa = mantissa.replace(".", "0.", 1)
    if not exponent:
        return mantissa
    sign = exponent[0] if exponent[0] in "+-" else "+"
    return f"{mantissa}e{sign}{exponent.lstrip('+-')}"


def needs_quotes(text: str) -> bool:
    """Whether a string must be quoted in YAML to stay a string for YAML 1.1 and 1.2 readers."""
    if not text or text != text.strip() or _YAML11_SPECIAL.match(text) or text in ("<<", "="):
        return True  # ``<<`` unquoted is a merge key, ``=`` PyYAML's value tag
    if _NUMBER.match(text) and any(c.isdigit() for c in text):
        return True
    if text[0] in "!&*-?{}[],#|>@`\"'%:":
        return True
    return any(s in text for s in (": ", " #", "\t", "\n")) or text.endswith(":")


def format_scalar(value: Any, dialect: str = "yaml", quote: str | None = None, source: str | None = None) -> str:
    """A scalar as YAML (or JSON) text; ``quote`` keeps the original quote character of a string."""
    if dialect == "json":
        return _json_float(value, source) if isinstance(value, float) else json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value, source)
    text = str(value)
    if quote == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if quote == '"' or needs_quotes(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def _json_float(value: float, source: str | None) -> str:
    if math.isnan(value) or math.isinf(value):
        raise CoercionError("JSON has no NaN or infinity")
    text = source.strip() if source is not None and _NUMBER.match(source.strip()) else repr(value)
    return text if any(c in text for c in ".eE") else text + ".0"
