"""Runtime rules: small frozen objects compiled from a validated rule pack.

Engines consume these; they never see pydantic models or the pack's YAML.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.keypath import KeyPath
from cfgmigrate.versions.facts import VersionFacts


class Op(str, enum.Enum):
    RENAME = "rename"
    MOVE = "move"
    COERCE = "coerce"
    ADD = "add"
    SET_DEFAULT = "set_default"
    REMOVE = "remove"
    MAP = "map"


OPERATIONS = tuple(op.value for op in Op)
COERCE_TYPES = ("bool", "int", "float", "str", "dtype")
CONFLICT_POLICIES = ("error", "keep", "replace")
OTHERWISE_POLICIES = ("keep", "remove", "error")
ACCESS_KINDS = ("keys", "attributes")
_MISSING = object()


@dataclass(frozen=True)
class Rule:
    """One operation on one setting, ready for the engines."""

    id: str
    op: Op
    path: KeyPath  # the setting (for call rules: the keyword, one segment)
    target: KeyPath | None = None  # rename/move/map: where the setting ends up
    coerce_to: str | None = None  # coerce: bool | int | float | str | dtype
    value: Any = None  # add: default; set_default: value
    has_value: bool = False
    annotation: str | None = None  # add / map on a bound class: the field's annotation
    values: tuple[tuple[Any, Any], ...] = ()  # map: (old value, new value) pairs
    otherwise: str = "keep"
    when: tuple[Any, ...] | None = None
    on_conflict: str = "error"
    calls: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    access: tuple[str, ...] = ("keys",)
    configs: bool = False
    versions: tuple[VersionFacts, ...] = ()  # since / deprecated / removed per distribution
    description: str = ""
    pack: str = ""  # path of the pack file
    line: int = 0  # line of the rule in the pack file

    @property
    def is_call_rule(self) -> bool:
        return bool(self.calls)

    def mapped(self, current: Any) -> Any:
        """The new value for ``current`` under ``values``, or ``_MISSING``."""
        for old, new in self.values:
            if same_value(old, current):
                return new
        return _MISSING

    def already_mapped(self, current: Any) -> bool:
        """A value in the new vocabulary (an output of ``values`` that is not also an input)."""
        outputs = any(same_value(new, current) for _, new in self.values)
        return outputs and is_missing(self.mapped(current))

    def applies_to_value(self, current: Any) -> bool:
        """Whether ``when`` admits the current value (no ``when``: always)."""
        if self.when is None:
            return True
        return any(same_value(w, current) for w in self.when)

    def literal_tokens(self) -> tuple[str, ...]:
        """Strings a file must contain for this rule to possibly fire (the prefilter)."""
        path = self.path.parent if self.op is Op.ADD and self.configs and not self.calls else self.path
        names = path.literal_names()
        return (names[-1],) if names else ()


def is_missing(value: Any) -> bool:
    return value is _MISSING


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
