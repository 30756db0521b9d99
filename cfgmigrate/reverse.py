"""Invert a pack for a rollback (``apply --reverse``): renames and moves run backwards.

A rule that cannot be inverted (a coercion, a removal, a non-bijective map...) refuses the whole
pack, naming the rule, rather than half-rolling back.
"""

from __future__ import annotations

from dataclasses import replace

from cfgmigrate.rules import Op, Rule, RulePack
from cfgmigrate.types import Diagnostic


class ReverseError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.render() for d in diagnostics))
        self.diagnostics = diagnostics


def reverse_pack(pack: RulePack) -> RulePack:
    problems, rules = [], []
    for rule in reversed(pack.rules):
        why = _why_not(rule)
        if why:
            problems.append(Diagnostic(pack.path, rule.line, rule.id, f"cannot be reversed: {why}"))
        else:
            rules.append(_inverse(rule))
    if problems:
        raise ReverseError(sorted(problems, key=lambda d: d.line))
    return replace(pack, rules=tuple(rules))


def _why_not(rule: Rule) -> str:
    if rule.op not in (Op.RENAME, Op.MOVE, Op.MAP):
        return f"{rule.op.value} loses information"
    if rule.when is not None:
        return "a rule with `when` cannot tell which values it changed"
    if rule.op is Op.MOVE and not (rule.path.is_literal and rule.target and rule.target.is_literal):
        return "only moves between literal key paths can be reversed"
    if rule.op is Op.MAP:
        news = [repr(new) for _, new in rule.values]
        if len(set(news)) != len(news) or any(isinstance(new, (dict, list)) for _, new in rule.values):
            return "its `values` are not one-to-one scalars"
    return ""


def _inverse(rule: Rule) -> Rule:
    target = rule.target
    if rule.op is Op.MOVE and target is not None:
        return replace(rule, path=target, target=rule.path)
    new_path = target if target is not None else rule.path
    new_target = rule.path if target is not None else None
    values = tuple((new, old) for old, new in rule.values)
    return replace(rule, path=new_path, target=new_target, values=values)
