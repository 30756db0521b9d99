"""Invert a pack for a rollback (``apply --reverse``): each operation module knows its inverse.

A rule that cannot be inverted (a coercion, a removal, a non-bijective map, a lossy
``otherwise``/``on_conflict`` setting...) refuses the whole pack, naming the rule, rather than
half-rolling back.
"""

from __future__ import annotations

from dataclasses import replace

from cfgmigrate.errors import ReverseError
from cfgmigrate.ops import operation_of
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Diagnostic


def reverse_pack(pack: RulePack) -> RulePack:
    problems, rules = [], []
    for rule in reversed(pack.rules):
        inverse = operation_of(rule).invert(rule)
        if isinstance(inverse, str):
            problems.append(Diagnostic(pack.path, rule.line, rule.id, f"cannot be reversed: {inverse}"))
        else:
            rules.append(inverse)
    if problems:
        raise ReverseError(sorted(problems, key=lambda d: d.line))
    return replace(pack, rules=tuple(rules))


__all__ = ["ReverseError", "reverse_pack"]
