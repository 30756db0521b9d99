"""``rename_symbol`` in TOML: a string value that spells the symbol's qualified name
(``model_class = "transformers.AutoModelForVision2Seq"``, or ``...AutoModelForVision2Seq.from_pretrained``)
gets the new one, in the same kind of string (basic, literal), whatever its key; in array items
and inline tables too. A value that merely equals the bare name stays. The plain-data twin is
:func:`cfgmigrate.engines.symbol_values.reference`, which the equivalence check runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tomlkit.items import String, StringType

from cfgmigrate.engines import symbol_values
from cfgmigrate.keypath import format_location
from cfgmigrate.ops import RenameSymbol


def locations(data: Any, rule: RenameSymbol, only_under: str = "") -> list[tuple[Any, ...]]:
    """Where a string value spells the old name (in pyproject.toml: under ``tool`` only)."""
    return [
        loc
        for loc, value in _strings(data, ())
        if (not only_under or loc[:1] == (only_under,)) and symbol_values.renamed(value, rule) is not None
    ]


def _strings(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield loc, data
    pairs = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in pairs:
        yield from _strings(v, (*loc, k))


def rename_at(parent: Any, key: Any, item: Any, rule: RenameSymbol, loc: tuple[Any, ...]) -> str:
    """The string at ``parent[key]`` (its tomlkit ``item``) given the new name; the change's message."""
    new = symbol_values.renamed(str(item), rule)
    assert new is not None
    kind = item.type if isinstance(item, String) and not item.type.is_multiline() else StringType.SLB
    parent[key] = String.from_raw(new, kind)
    return f"renamed {rule.old} to {rule.new} at {format_location(loc)}"
