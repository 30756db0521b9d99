"""Runtime rules: small frozen objects compiled from a validated rule pack.

Engines consume these; they never see pydantic models or the pack's YAML. Each operation has its
own rule type (:mod:`cfgmigrate.ops`); :class:`RulePack` holds them in pack order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.ops import COERCE_TYPES, OPERATIONS, Add, Coerce, Map, Move, Remove, Rename, Rule, SetDefault
from cfgmigrate.values import MISSING, is_missing, same_value

CONFLICT_POLICIES = ("error", "keep", "replace")
OTHERWISE_POLICIES = ("keep", "remove", "error")
ACCESS_KINDS = ("keys", "attributes")


@dataclass(frozen=True)
class RulePack:
    """A compiled pack: its rules in order, plus what the Python engine needs to bind classes."""

    name: str
    path: str
    rules: tuple[Rule, ...]
    files: tuple[str, ...] = ()
    schema: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (key-path prefix, ("file.py::Class", ...))
    description: str = ""
    verify: dict[str, Any] = field(default_factory=dict)
    retired: tuple[Any, ...] = ()  # leftovers.Retired: names the pack retires beyond its rules' own
    distributions: tuple[str, ...] = ()  # canonical names of the distributions the rules' version facts name
    targets: tuple[str, ...] = ()  # classes whose fields the new names must be (cfgmigrate/targets.py)
    targets_line: int = 0
    template: tuple[str, int] = ("", 0)  # a template pack: what makes it concrete, and the line that says so


__all__ = [
    "COERCE_TYPES",
    "MISSING",
    "OPERATIONS",
    "Add",
    "Coerce",
    "Map",
    "Move",
    "Remove",
    "Rename",
    "Rule",
    "RulePack",
    "SetDefault",
    "is_missing",
    "same_value",
]
