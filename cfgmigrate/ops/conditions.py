"""Conditions on call rules: ``unless`` (where a matching call is left alone) and ``unresolved``
(call shapes reported, not edited, where no import says what the receiver is).

They are common fields of every operation that takes ``calls:`` (``CallsSpec``; their
pack side is ``cfgmigrate/ops/specs/conditions.py``); the Python engine reads them (``engines/python/conditions.py``). Rules are data: nothing here is
evaluated, a keyword's value is compared as a literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unless:
    """The runtime form of ``UnlessSpec`` (``cfgmigrate/ops/specs/conditions.py``)."""

    chained: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    keyword: tuple[tuple[str, Any], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.chained or self.imports or self.uses or self.passes or self.keyword)


UNRESOLVED_HELP = (
    "Callee patterns (`*.from_pretrained`) for calls whose receiver no import resolves (a parameter, a local variable, "
    "`self.model_class`): such a call is reported where the rule would change it, and left as it is."
)
