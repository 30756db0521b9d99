"""The engine for config files (YAML and JSON): rules applied one by one as span edits, then the
equivalence check against the reference transformation before anything may be written."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.engines import linemap, reference
from cfgmigrate.engines.base import Answer, Context, EngineResult, Skips, Verdict, verdict_from
from cfgmigrate.engines.config_ops import ANSWERS, run_rule
from cfgmigrate.engines.scalars import CoercionError
from cfgmigrate.engines.textdoc import DocumentError, compose, node_value
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Diagnostic, Severity

BOM = "\ufeff"
NO_CALLS = Skips("config files have no call sites (`calls:` rules are for Python code)")


@dataclass(frozen=True)
class ConfigEngine:
    name: str
    suffixes: tuple[str, ...]
    dialect: str
    load: Callable[[str], list[Any]]  # the documents as plain data, for the equivalence check
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack) if not rule.calls else Verdict("skips", NO_CALLS.reason)

    def wants(self, rule: Rule) -> bool:
        """Whether this engine acts on the rule (config verdicts never depend on the pack)."""
        return self.verdict(rule, _NO_PACK).kind == "acts"

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        return rule.literal_tokens()

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> None:
        return None  # each config file stands alone

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context | None = None) -> EngineResult:
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom) :]
        try:
            before = self.load(body)
        except Exception as e:  # noqa: BLE001 - any parser failure is this file's error
            line, why = self._parse_problem(body, e)
            return EngineResult(text, (), (Diagnostic(relpath, line, "", f"cannot parse: {why}; left as it was"),))
        current, changes, diagnostics = body, [], []
        steps = [body]
        for rule in rules:
            if not self.wants(rule) or not _may_fire(rule, current):
                continue  # its key is not in the text (any more): no need to parse again
            try:
                current, rule_changes, rule_diags = run_rule(relpath, current, rule, self.dialect)
            except (DocumentError, CoercionError) as e:
                rule_changes, rule_diags = [], [Diagnostic(relpath, getattr(e, "line", 0), rule.id, f"{e}; left as it was")]
            changes.extend(linemap.to_original(steps, len(steps) - 1, rule_changes))
            diagnostics.extend(linemap.to_original(steps, len(steps) - 1, rule_diags))
            if current != steps[-1]:
                steps.append(current)
            if any(d.severity is Severity.ERROR for d in rule_diags):
                return EngineResult(text, (), tuple(diagnostics))
        problem = self._check(current, before, rules) if current != body else ""
        if problem:
            return EngineResult(text, (), tuple(diagnostics) + (Diagnostic(relpath, 0, "", problem),))
        return EngineResult(bom + current, tuple(changes), tuple(diagnostics))

    def _parse_problem(self, text: str, e: Exception) -> tuple[int, str]:
        """Line and words for a parse failure; YAML asks the pure parser, whose messages are clearer."""
        if self.dialect == "yaml":
            try:
                compose(text, pure=True)
            except DocumentError as d:
                return d.line, str(d).removeprefix("not valid YAML: ")
        return _line_of(e), _short(e)

    def _check(self, new_text: str, before: list[Any], rules: tuple[Rule, ...]) -> str:
        """Refuse output that does not re-parse, or whose data is not the intended transformation."""
        try:
            after = self.load(new_text)
        except Exception as e:  # noqa: BLE001
            return f"refused: the rewritten file would not parse ({_short(e)}); left as it was"
        try:
            expected = reference.transform(before, tuple(r for r in rules if self.wants(r)))
        except (CoercionError, KeyError, TypeError) as e:
            return f"refused: the reference transformation failed ({e}); left as it was"
        if _normal(after) != _normal(expected):
            return "refused: the rewritten file does not read back as the intended data (equivalence check); left as it was"
        return ""


_NO_PACK = RulePack("", "", ())  # config verdicts never depend on the pack


def _may_fire(rule: Rule, text: str) -> bool:
    tokens = rule.literal_tokens()
    return not tokens or any(t in text for t in tokens)


def _normal(data: Any) -> str:
    return json.dumps(data, sort_keys=True, default=repr)


def _short(e: Exception) -> str:
    parts = [getattr(e, "context", None), getattr(e, "problem", None)]
    if any(parts):
        return ", ".join(str(p) for p in parts if p)
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _line_of(e: Exception) -> int:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    return int(getattr(e, "lineno", 0) or 0)


def load_yaml(text: str) -> list[Any]:
    """Every document as plain data, read from the C composer's nodes.

    The check needs the same reading on both sides, not a second parser: composing (C) and reading
    the nodes costs half of a full ``YAML(typ="safe")`` load, whose Python constructors dominate.
    """
    return [node_value(doc) for doc in compose(text)]


def load_json(text: str) -> list[Any]:
    return [json.loads(text)]


__all__ = ["ConfigEngine", "load_json", "load_yaml"]
