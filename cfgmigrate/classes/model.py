"""What the class reader hands back: a class with its fields in constructor order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Computed(str):
    """A default that is computed (``field(default_factory=make)``, ``torch.bfloat16``): its source
    text, never to be compared as a value of that text's type."""

    __slots__ = ()


REQUIRED: Any = type("Required", (), {"__repr__": lambda self: "<required>"})()  # a field without a default


@dataclass(frozen=True)
class Field:
    """One field as the class (or the base that declares it) writes it."""

    name: str
    annotation: str
    required: bool
    default: Any = None  # a Python value, or the source text of a computed default
    line: int = 0
    path: str = ""  # the file that declares it
    owner: str = ""  # the class that declares it
    kw_only: bool = False
    init: bool = True  # False: ``field(init=False)``, not a constructor argument


@dataclass(frozen=True)
class ConfigClass:
    """A config class read statically. ``fields`` holds the inherited fields too, in the order the
    generated ``__init__`` takes them; ``unresolved`` says which bases could not be read."""

    name: str
    path: str
    line: int
    kind: str  # "dataclass", "pydantic", or "class" (a plain class: no fields of its own)
    fields: dict[str, Field] = field(default_factory=dict, hash=False)
    bases: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    kw_only: bool = False
    own_init: bool = False  # its constructor is a hand-written ``__init__``, not the fields'

    @property
    def ref(self) -> str:
        """``file.py::Class``, the form a pack's ``schema:`` uses."""
        return f"{self.path}::{self.name}"

    @property
    def own_fields(self) -> dict[str, Field]:
        return {n: f for n, f in self.fields.items() if f.owner == self.name and f.path == self.path}
