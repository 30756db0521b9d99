"""Where a field's default lives, read and replaced in place.

A default is written ``x: int = 3``, ``field(default=3, metadata={...})``, ``Field(3, ge=0)`` or
``field(default_factory=list)``. HfArgumentParser-style dataclasses put every default inside
``field(...)`` next to the help text, so a new default replaces only the argument that holds it:
the rest of the call (metadata, help, validator bounds) stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import libcst as cst

from cfgmigrate.engines.python import cstliterals, literals

FIELD_FUNCTIONS = ("field", "Field")


@dataclass(frozen=True)
class Slot:
    """The ``field(...)``/``Field(...)`` call of a field (if any) and the argument holding its default."""

    call: cst.Call | None
    default: cst.Arg | None = None  # ``default=...`` or pydantic's first positional argument
    factory: cst.Arg | None = None  # ``default_factory=...``


def _callee(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def slot_of(ann: cst.AnnAssign) -> Slot:
    value = ann.value
    if not (isinstance(value, cst.Call) and _callee(value) in FIELD_FUNCTIONS):
        return Slot(None)
    default = _keyword(value, "default")
    first = value.args[0] if value.args else None
    if default is None and first is not None and first.keyword is None and not first.star and _callee(value) == "Field":
        default = first
    return Slot(value, default, _keyword(value, "default_factory"))


def has_default(ann: cst.AnnAssign) -> bool:
    """Whether the field may be omitted (``Field(...)``, pydantic's explicit "required", is not a default)."""
    slot = slot_of(ann)
    if slot.call is None:
        return ann.value is not None
    return slot.factory is not None or (slot.default is not None and not isinstance(slot.default.value, cst.Ellipsis))


def literal_default(ann: cst.AnnAssign) -> cst.BaseExpression | None:
    """The expression of a plain default (bare or inside ``field``/``Field``); None for none or a factory."""
    slot = slot_of(ann)
    if slot.call is None:
        return ann.value
    if slot.default is None or isinstance(slot.default.value, cst.Ellipsis):
        return None
    return slot.default.value


def with_default(ann: cst.AnnAssign, value: Any, is_dataclass: bool) -> tuple[cst.AnnAssign, bool]:
    """The field with ``value`` as its default, and whether the result needs ``field`` imported.

    A mutable default in a dataclass becomes ``default_factory`` (a shared list would be a bug);
    pydantic copies defaults, so it keeps the literal."""
    factory = literals.is_mutable(value) and is_dataclass
    slot = slot_of(ann)
    if slot.call is None:
        if factory:
            new: cst.BaseExpression = cst.parse_expression(f"field(default_factory={literals.factory_source(value)})")
        else:
            new = cstliterals.expression(value, ann.value)
        equal = ann.equal if ann.value is not None else cst.AssignEqual()
        return ann.with_changes(value=new, equal=equal), factory
    keyword = "default_factory" if factory else "default"
    text = literals.factory_source(value) if factory else None
    expr = cst.parse_expression(text) if text else cstliterals.expression(value, literal_default(ann))
    return ann.with_changes(value=_with_argument(slot, keyword, expr)), False


def _with_argument(slot: Slot, keyword: str, expr: cst.BaseExpression) -> cst.Call:
    """Put ``keyword=expr`` where the default was (or first), dropping the other kind of default."""
    assert slot.call is not None
    holder = slot.default or slot.factory
    if holder is None:
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if slot.call.args else cst.MaybeSentinel.DEFAULT
        arg = cst.Arg(expr, keyword=cst.Name(keyword), equal=_no_space_equal(), comma=comma)
        return slot.call.with_changes(args=[arg, *slot.call.args])
    if holder.keyword is None and keyword == "default":
        replacement = holder.with_changes(value=expr)  # pydantic's positional default stays positional
    else:
        equal = holder.equal if holder.keyword is not None else _no_space_equal()
        replacement = holder.with_changes(keyword=cst.Name(keyword), value=expr, equal=equal)
    other = slot.factory if holder is slot.default else slot.default
    args = [replacement if a is holder else a for a in slot.call.args if a is not other or other is holder]
    return slot.call.with_changes(args=_fix_last_comma(args, slot.call.args))


def _no_space_equal() -> cst.AssignEqual:
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _fix_last_comma(args: list[cst.Arg], original: Sequence[cst.Arg]) -> list[cst.Arg]:
    """After dropping an argument, the new last one keeps the old last one's comma (or none)."""
    if args and original and args[-1] is not original[-1] and len(args) < len(original):
        return [*args[:-1], args[-1].with_changes(comma=original[-1].comma)]
    return args
