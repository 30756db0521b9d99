"""The engine for config files (YAML and JSON): rules applied one by one as span edits, then the
equivalence check against the reference transformation before anything may be written."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ruamel.yaml.nodes import Node

from cfgmigrate.edits import amend, between, rebase
from cfgmigrate.engines import limits, linemap, reference, scalar_proof, stand_ins
from cfgmigrate.engines.base import Answer, Context, EngineResult, Skips, Verdict, verdict_from
from cfgmigrate.engines.config_ops import ANSWERS, run_rule
from cfgmigrate.engines.same_data import key_of, same_data
from cfgmigrate.engines.scalars import CoercionError
from cfgmigrate.engines.textdoc import DocumentError, TooBig, compose, node_value
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Edit, Severity

BOM = "\ufeff"
ESCAPES = ("\\u", "\\x", "\\U")  # how a double-quoted JSON/YAML key can spell a letter
NO_CALLS = Skips("config files have no call sites (`calls:` rules are for Python code)")
NO_RECEIVERS = Skips("config files have no attribute reads (`receivers:` rules are for Python code)")
NO_PARSERS = Skips("config files have no argparse options (`parsers:` rules are for Python code and CLI flags)")


@dataclass(frozen=True)
class ConfigEngine:
    """The engine of one config dialect (YAML or JSON): which suffixes it takes and how it loads them."""

    name: str
    suffixes: tuple[str, ...]
    dialect: str
    load: Callable[[str], list[Any]]  # the documents as plain data, for the equivalence check
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        if rule.calls or rule.receivers or getattr(rule, "parsers", ()):
            why = NO_CALLS if rule.calls else NO_RECEIVERS if rule.receivers else NO_PARSERS
            return Verdict("skips", why.reason)
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack | None = None) -> tuple[str, ...]:
        """The prefilter's strings: the rule's own, plus the escapes a quoted key can spell it with
        (``"l\\u0072"`` is ``lr``)."""
        own = rule.literal_tokens()
        if any(t.isdigit() for t in own):
            return ()  # an item index (``m.1``) is not written in the text
        return own + ESCAPES if own else own

    def wants(self, rule: Rule) -> bool:
        """Whether this engine acts on the rule (config verdicts never depend on the pack)."""
        return self.verdict(rule, _NO_PACK).kind == "acts"

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> None:
        return None  # each config file stands alone

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context | None = None) -> EngineResult:
        if self.dialect == "json":  # JSON allows characters YAML's reader refuses (DEL, C1 controls)
            return stand_ins.around(text, rules, lambda t, r: self._migrate(relpath, t, r))
        return self._migrate(relpath, text, rules)

    def _migrate(self, relpath: str, text: str, rules: tuple[Rule, ...]) -> EngineResult:
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom) :]
        try:
            limits.check_depth(body)
            docs, read_before = self._read(body)
        except TooBig as e:  # a limit (depth, alias expansion) or a number too long to read
            return EngineResult(text, (), (Diagnostic(relpath, e.line, "", f"{e}; left as it was"),))
        except Exception as e:  # noqa: BLE001 - any parser failure is this file's error
            line, why = self._parse_problem(body, e)
            return EngineResult(text, (), (Diagnostic(relpath, line, "", f"cannot parse: {why}; left as it was"),))
        current, diagnostics = body, []
        changes: list[Change] = []
        steps = [body]
        for rule in rules:
            if not self.wants(rule) or not _may_fire(self.tokens(rule), current):
                continue  # its key is not in the text (any more): no need to parse again
            try:  # the text as read was composed once already: the first rule that fires reuses it
                current, rule_changes, rule_diags = run_rule(
                    relpath, current, rule, self.dialect, docs if current is body else None
                )
            except (DocumentError, CoercionError) as e:
                rule_changes, rule_diags = [], [Diagnostic(relpath, getattr(e, "line", 0), rule.id, f"{e}; left as it was")]
            if len(steps) > 1:  # lines reported on a rewritten text, mapped back to the text as read
                rule_changes = linemap.to_original(steps, len(steps) - 1, rule_changes)
                rule_diags = linemap.to_original(steps, len(steps) - 1, rule_diags)
            changes = rebase(steps[-1], changes, rule_changes, current)
            diagnostics.extend(rule_diags)
            if current != steps[-1]:
                steps.append(current)
            if any(d.severity is Severity.ERROR for d in rule_diags):
                return EngineResult(text, (), tuple(diagnostics))
        final = _final_newline_as_in(body, current)
        if final != current and changes:
            changes = amend(current, changes, between(current, final))
        current = final
        proved = None
        if self.dialect == "yaml" and docs and current != body:
            shared = reference.leaves_input(tuple(r for r in rules if self.wants(r)))
            read_before, proved = _proved_data(body, docs, changes, current, read_before, shared)
        problem = self._check(current, read_before, rules, proved, body) if current != body else ""
        if problem:
            return EngineResult(text, (), tuple(diagnostics) + (Diagnostic(relpath, 0, "", problem),))
        return EngineResult(bom + current, tuple(_after_bom(changes, len(bom))), tuple(diagnostics))

    def _read(self, body: str) -> tuple[list[Node] | None, Callable[[], list[Any]]]:
        """The text's nodes (YAML: composed once, for the first rule and the equivalence check's
        data, which is read only when something changed) and a reader of its data."""
        if self.dialect != "yaml":
            data = self.load(body)
            return None, lambda: data
        docs = compose(body)
        limits.check_expansion(docs, body)
        return docs, lambda: [node_value(doc) for doc in docs]

    def _parse_problem(self, text: str, e: Exception) -> tuple[int, str]:
        """Line and words for a parse failure; YAML asks the pure parser, whose messages are clearer."""
        if self.dialect == "yaml":
            try:
                compose(text, pure=True)
            except DocumentError as d:
                return d.line, str(d).removeprefix("not valid YAML: ")
        return _line_of(e), _short(e)

    def _check(
        self,
        new_text: str,
        read_before: Callable[[], list[Any]],
        rules: tuple[Rule, ...],
        proved: list[Any] | None = None,
        old_text: str | None = None,
    ) -> str:
        """Refuse output that does not re-parse, or whose data is not the intended transformation.
        ``proved``: the new text's data, when :mod:`scalar_proof` showed it without composing it.
        ``old_text``: the text read; without ``${`` or a backslash (an escape) in it no string read
        from it holds ``${``, so the reference need not look for interpolations."""
        try:
            before = read_before()
        except TooBig as e:
            return f"{e}; left as it was"
        try:
            after = self.load(new_text) if proved is None else proved
        except Exception as e:  # noqa: BLE001
            return f"refused: the rewritten file would not parse ({_short(e)}); left as it was"
        try:
            none = old_text is not None and "${" not in old_text and "\\" not in old_text
            expected = reference.transform(before, tuple(r for r in rules if self.wants(r)), False if none else None)
        except (CoercionError, KeyError, TypeError) as e:
            return f"refused: the reference transformation failed ({e}); left as it was"
        if not same_data(after, expected):
            where = next((_first_difference(g, w, ()) for g, w in zip(after, expected, strict=False) if not same_data(g, w)), "")
            shared = "; a value shared through an anchor changes at every alias" if "*" in new_text and "&" in new_text else ""
            return (
                "refused: the rewritten file does not read back as the intended data "
                f"(equivalence check{where}{shared}); left as it was"
            )
        return ""


_NO_PACK = RulePack("", "", ())  # config verdicts never depend on the pack


def _final_newline_as_in(original: str, text: str) -> str:
    """A file that ended without a newline still does (an edit at its end may have added one)."""
    if original and not original.endswith("\n") and text.endswith("\n"):
        return text[: -2 if text.endswith("\r\n") else -1]
    return text


def _proved_data(
    body: str, docs: list[Node], changes: list[Change], new_text: str, read_before: Callable[[], list[Any]], shared: bool
) -> tuple[Callable[[], list[Any]], list[Any] | None]:
    """A reader of the data of the text as read, and the new text's data read from the nodes of the
    text as read, where every edit only rewrote simple plain scalars (see :mod:`scalar_proof`);
    None: compose the new text. ``shared``: the reference transformation leaves its input as it
    was, so the two readings may share what the edits did not reach (read together, once)."""
    edits = [e for c in changes for e in c.edits]
    try:
        if shared:
            pair = scalar_proof.data_before_and_after(body, docs, edits, new_text)
            return (read_before, None) if pair is None else (_given(pair[0]), pair[1])
        return read_before, scalar_proof.data_after(body, docs, edits, new_text)
    except Exception:  # noqa: BLE001 - a value the proof cannot read (a huge number): the full re-parse says why
        return read_before, None


def _given(data: list[Any]) -> Callable[[], list[Any]]:
    return lambda: data


def _after_bom(changes: list[Change], size: int) -> list[Change]:
    """Edits into the body, moved to offsets into the whole text (past a byte-order mark)."""
    if not size:
        return changes
    return [replace(c, edits=tuple(Edit(e.start + size, e.end + size, e.replacement) for e in c.edits)) for c in changes]


def _may_fire(tokens: tuple[str, ...], text: str) -> bool:
    return not tokens or any(t in text for t in tokens)


def _first_difference(got: Any, want: Any, loc: tuple[Any, ...]) -> str:
    """Where two readings first differ, for the refusal message (``: at train.lr, 0.1 instead of 1``)."""
    if isinstance(got, dict) and isinstance(want, dict):
        got_keys, want_keys = {key_of(k): k for k in got}, {key_of(k): k for k in want}
        for typed in list(want_keys) + [t for t in got_keys if t not in want_keys]:
            k = want_keys.get(typed, got_keys.get(typed))
            if typed not in got_keys or typed not in want_keys:
                return f": {format_location(loc + (k,))} {'missing' if typed not in got_keys else 'unexpected'}"
            if not same_data(got[got_keys[typed]], want[k]):
                return _first_difference(got[got_keys[typed]], want[k], loc + (k,))
    elif isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if not same_data(g, w):
                return _first_difference(g, w, loc + (i,))
    where = format_location(loc) or "the document"
    return f": at {where}, {_brief(got)} instead of {_brief(want)}"


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
    docs = compose(text)
    limits.check_expansion(docs, text)
    return [node_value(doc) for doc in docs]


def load_json(text: str) -> list[Any]:
    return [json.loads(text)]


__all__ = ["ConfigEngine", "load_json", "load_yaml"]
