"""Keyword arguments at call sites, found with Python's ``ast`` and edited as text spans.

Callees are matched by qualified name through the module's imports and aliases
(``from transformers import pipeline as make_pipeline`` -> ``transformers.pipeline``); a name that
a function (or one around it) binds itself, a parameter or an assignment, shadows the import and is
matched by its dotted text. Dicts splatted into a matching call follow a rename (``splats.py``).

Every edit carries its change and its guard action; an edit reached by two routes is one edit. A
keyword edited inside another keyword's value (a matching call nested in a matching call) is edited
at both levels: a value that is wrapped keeps its inner edits, and a removed keyword takes the edits
inside it along. Nothing is written unless ``guard.checked`` accepts the output.

Why not libcst here: on large files its scope analysis costs seconds per file, while ``ast`` parses
them in milliseconds and gives exact offsets; the text between the edits is never touched.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.python import callmap, conditions, guard, helper_dicts, literals
from cfgmigrate.engines.python.conditions import dotted
from cfgmigrate.engines.python.parsed import Parsed, Scope
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.python.resolve import callee_name, qualified
from cfgmigrate.engines.python.splats import SplatFollower
from cfgmigrate.engines.scalars import CoercionError, coerce
from cfgmigrate.rules import Add, Coerce, Map, Rename, Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Edit


@dataclass(frozen=True)
class Planned:
    change: Change | None
    action: guard.Action | None


class CallRule(SplatFollower):
    """One call rule carried out on one parsed module."""

    def __init__(self, rule: Rule, pack: RulePack, parsed: Parsed, report: Report) -> None:
        self.rule, self.pack, self.report, self.parsed = rule, pack, report, parsed
        self.at = parsed.at
        self.edits: dict[Edit, Planned] = {}  # one entry per edit, however many routes reach it

    def run(self) -> Parsed:
        first_diagnostic = len(self.report.diagnostics)
        parsed = self._run()
        self.report.changes.sort(key=lambda c: c.line)  # the walk's order is not the reader's
        ours = dict.fromkeys(self.report.diagnostics[first_diagnostic:])  # a place reached by two routes is told once
        self.report.diagnostics[first_diagnostic:] = sorted(ours, key=lambda d: d.line)
        return parsed

    def _run(self) -> Parsed:
        scopes = self.parsed.scopes_for(
            () if isinstance(self.rule, Add) else (self.rule.path.last, *self._helper_callers())
        )  # ADD: the callee may be aliased
        for repeated in self.parsed.repeated[:1]:  # ast.parse accepts it, CPython's compiler does not
            message = f"cannot parse: keyword argument repeated: {repeated.name}; left as it was"
            self.report.diagnostics.append(Diagnostic(self.report.path, repeated.line, "", message))
            return self.parsed
        for scope in scopes:
            splatted: set[str] = set()
            for call in scope.calls:
                how = self._matches(call, scope)
                if not how:
                    continue
                verdict = conditions.unless(self.rule.unless, call, self.parsed)
                if not verdict.skip and not verdict.report:
                    verdict = conditions.requires(self.rule.requires, call, self.parsed)
                if verdict.skip:
                    if verdict.held:
                        self._held(call, verdict.held)
                    continue
                if verdict.report or how == UNRESOLVED:
                    self._report_instead(call, verdict.report or self._unresolved_why(call, scope))
                    continue
                splatted |= {k.value.id for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)}
                self._keyword_op(call, scope)
            if splatted and isinstance(self.rule, Rename):
                self.follow_splats(scope, splatted)
        if not self.edits or self.report.failed:
            return self.parsed
        return self._carry_out(_outside_removals(self.edits))

    def _helper_callers(self) -> tuple[str, ...]:
        """Names of this file's functions that write the key into a dict parameter: their callers are
        walked too (a dict filled there may be splatted into a matching call: helper_dicts.py)."""
        return helper_dicts.writer_names(self.parsed, self.rule.path.last) if isinstance(self.rule, Rename) else ()

    def _carry_out(self, edits: dict[Edit, Planned]) -> Parsed:
        try:
            text = apply_edits(self.at.text, edits)
        except OverlappingEdits as e:
            self.report.error(self.rule, e.line, f"edits of this rule overlap ({e}); file left as it was")
            return self.parsed
        actions = [p.action for p in edits.values() if p.action is not None]
        try:
            parsed = guard.checked(self.parsed, text, actions, [o for e in edits for o in (e.start, max(e.start, e.end - 1))])
        except guard.GuardError as e:
            self.report.error(self.rule, e.line, f"{e}; file left as it was")
            return self.parsed
        self.report.changes += [p.change for p in edits.values() if p.change is not None]
        return parsed

    def emit(self, edit: Edit, line: int, message: str, action: guard.Action | None) -> None:
        """Record an edit with its change and guard action; an edit reached again is the same edit."""
        if edit not in self.edits:
            self.edits[edit] = Planned(Change(self.rule.id, line, message) if message else None, action)

    def _matches(self, call: ast.Call, scope: Scope) -> str:
        """EDIT for a callee that ``calls`` matches; UNRESOLVED for one that only ``unresolved`` matches
        and that no import resolves; '' for the others."""
        name = callee_name(call.func, self.parsed.imports, scope)
        if any(fnmatchcase(name, p) for p in self.rule.calls):
            return EDIT
        if self.rule.unresolved and qualified(call.func, self.parsed.imports, scope) is None:
            return UNRESOLVED if any(fnmatchcase(name, p) for p in self.rule.unresolved) else ""
        return ""

    def _unresolved_why(self, call: ast.Call, scope: Scope) -> str:
        head = dotted(call.func)[0]
        what = f"`{head}` is bound in the function" if scope.binds(head) else f"`{head}` is not imported"
        what = "it is computed" if head == "?" else what
        shown = ".".join(dotted(call.func)).replace("?", "(...)")
        patterns = self.rule.calls[0] if len(self.rule.calls) == 1 else "what the rule's `calls` match"
        return f"no import resolves the receiver of {shown} ({what}), so it may not be {patterns}"

    def _report_instead(self, call: ast.Call, why: str) -> None:
        """A call the rule would change, told rather than changed."""
        if self._would_act(call):
            self.report.warn(self.rule, call.lineno, f"{self._not_doing()}: {why}; left for a person")

    def _held(self, call: ast.Call, why: str) -> None:
        """A call the rule would change, left alone as its ``unless`` says: a note (listed with -v)."""
        if self._would_act(call):
            self.report.held(self.rule, call.lineno, f"{self._not_doing()}: {why}")

    def _would_act(self, call: ast.Call) -> bool:
        has = _keyword(call, self.rule.path.last) is not None
        return has != isinstance(self.rule, Add)  # add: the keyword is absent; the others: it is there

    def _not_doing(self) -> str:
        verb = {"add": "adding", "rename": "renaming", "remove": "removing", "coerce": "coercing", "map": "mapping"}
        return f"not {verb.get(self.rule.op, 'changing')} keyword {self.rule.path.last}"

    # -- the operations ---------------------------------------------------------------------

    def _keyword_op(self, call: ast.Call, scope: Scope) -> None:
        kw = _keyword(call, self.rule.path.last)
        if isinstance(self.rule, Add):
            if kw is None:
                self._add(call, scope)
            return
        if kw is None:
            return
        op = {"rename": self._rename, "remove": self._remove, "coerce": self._coerce, "map": self._map}.get(self.rule.op)
        if op is not None:
            op(call, kw)

    def rename_keyword(self, call: ast.Call, kw: ast.keyword, new: str, verb: str) -> Edit | None:
        if _keyword(call, new) is not None:
            self.report.error(self.rule, call.lineno, f"cannot {verb} keyword {kw.arg} to {new}: the call already passes {new}")
            return None
        start = self.at.start(kw)
        return Edit(start, start + len(kw.arg or ""), new)

    def _rename(self, call: ast.Call, kw: ast.keyword) -> None:
        assert isinstance(self.rule, Rename)
        new = self.rule.target.last
        edit = self.rename_keyword(call, kw, new, "rename")
        if edit is not None:
            self.emit(edit, kw.lineno, f"renamed keyword {kw.arg} to {new}", guard.rename_keyword(kw, new))

    def _remove(self, call: ast.Call, kw: ast.keyword) -> None:
        own = self._own_lines(kw)
        first, *rest = (own,) if own is not None else self._removal(call, kw)
        self.emit(first, kw.lineno, f"removed keyword {kw.arg}", guard.remove_keyword(call, kw))
        for edit in rest:
            self.emit(edit, kw.lineno, "", None)

    def _own_lines(self, kw: ast.keyword) -> Edit | None:
        """A keyword alone on its line(s) leaves with them, its trailing comment included."""
        text, start, end = self.at.text, self.at.start(kw), self.at.end(kw)
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        match = _REST_OF_LINE.match(text, end)
        if text[line_start:start].strip() or match is None:
            return None
        return Edit(line_start, match.end(), "")

    def _removal(self, call: ast.Call, kw: ast.keyword) -> tuple[Edit, ...]:
        """The keyword and one comma next to it; a comment on a line it shares with others stays."""
        items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        i = items.index(kw)
        start, end, text = self.at.start(kw), self.at.end(kw), self.at.text
        trimmed = len(text[:start].rstrip(" \t"))  # the keyword's own line keeps no space it leaves behind
        if i + 1 < len(items):
            between = text[end : self.at.start(items[i + 1])]
            if "#" not in between and "\n" not in between and "\r" not in between:
                return (Edit(start, end + len(between), ""),)
            comma = end + _comma_in(between)
            spaces = len(text[comma + 1 :]) - len(text[comma + 1 :].lstrip(" \t"))
            if comma == end:
                return (Edit(trimmed, comma + 1, ""),)
            return Edit(trimmed, end, ""), Edit(comma, comma + 1 + spaces, "")
        if i > 0:
            between = text[self.at.end(items[i - 1]) : start]
            return (Edit(self.at.end(items[i - 1]) if "#" not in between else trimmed, end, ""),)
        end = end + 1 if text[end : end + 1] == "," else end
        return (Edit(start, end, ""),)

    def _coerce(self, call: ast.Call, kw: ast.keyword) -> None:
        assert isinstance(self.rule, Coerce)
        try:
            current = ast.literal_eval(kw.value)
        except ValueError:
            self.report.warn(
                self.rule, kw.lineno, f"keyword {kw.arg}={self.at.source(kw.value)} is not a literal; left for a person"
            )
            return
        try:
            value = coerce(current, self.rule.coerce_to)
            new_source = literals.source(value, self.quote(kw.value))
        except CoercionError as e:
            self.report.error(self.rule, kw.lineno, f"cannot coerce keyword {kw.arg}: {e}")
            return
        if value == current and type(value) is type(current):
            return
        message = f"coerced keyword {kw.arg} to {self.rule.coerce_to}"
        self.emit(self._value_edit(kw, new_source), kw.lineno, message, guard.replace_value(kw, lambda _: guard.literal(value)))

    def _value_edit(self, kw: ast.keyword, text: str) -> Edit:
        return Edit(self.at.start(kw.value), self.at.end(kw.value), text)

    def _map(self, call: ast.Call, kw: ast.keyword) -> None:
        assert isinstance(self.rule, Map)
        new_name = self.rule.target.last if self.rule.target is not None else kw.arg or ""
        mapped = callmap.mapped_value(self.rule, self.pack, kw, self.at, self.report)
        if mapped is None:
            return
        value_action = guard.replace_value(kw, mapped.tree)
        planned = [(e, value_action if i == 0 else None) for i, e in enumerate(mapped.edits)]
        if new_name != kw.arg:
            rename = self.rename_keyword(call, kw, new_name, "map")
            if rename is None:
                return
            planned.insert(0, (rename, guard.rename_keyword(kw, new_name)))
        message = f"mapped keyword {kw.arg} to {new_name}"
        for i, (edit, action) in enumerate(planned):
            self.emit(edit, kw.lineno, "" if i else message, action)

    def _add(self, call: ast.Call, scope: Scope) -> None:
        name = self.rule.path.last
        assert isinstance(self.rule, Add)
        expr = self.rule.expr
        unbound = conditions.unbound_names(expr, scope, self.parsed) if expr is not None else []
        if unbound and not self.rule.has_default and self.rule.unbound == "skip":
            return
        if any(k.arg is None for k in call.keywords):
            self.report.warn(
                self.rule, call.lineno, f"not adding {name}=...: the call splats **kwargs, which may already carry it"
            )
            return
        if expr is not None and not unbound:
            action = guard.add_keyword(call, name, None, conditions.expression(expr))
            self.emit(
                self._insertion(call, f"{name}={expr.strip()}"), call.lineno, f"added keyword {name}={expr.strip()}", action
            )
            return
        if expr is not None and not self.rule.has_default:
            missing = ", ".join(unbound)
            self.report.warn(
                self.rule, call.lineno, f"not adding {name}={expr.strip()}: {missing} is not bound here; left for a person"
            )
            return
        item = f"{name}={literals.source(self.rule.value)}"
        action = guard.add_keyword(call, name, self.rule.value)
        self.emit(self._insertion(call, item), call.lineno, f"added keyword {name}", action)

    def _insertion(self, call: ast.Call, item: str) -> Edit:
        items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        text = self.at.text
        if not items:
            paren = text.index("(", self.at.end(call.func))
            return Edit(paren + 1, paren + 1, item)
        last_end = self.at.end(items[-1])
        rest = text[last_end : self.at.end(call)]
        if rest.lstrip().startswith(",") and "\n" in rest:  # trailing comma, one argument per line
            comma = last_end + rest.index(",") + 1
            line_start = text.rfind("\n", 0, self.at.start(items[-1])) + 1
            indent = text[line_start : self.at.start(items[-1])]
            if indent.strip():  # the last argument shares its line: the new one joins it there
                return Edit(comma, comma, f" {item},")
            comment = _COMMENT.match(text, comma)  # a comment after the comma stays on its line
            after = comment.end() if comment else comma
            nl = "\r\n" if text[after : after + 2] == "\r\n" else "\n"
            return Edit(after, after, f"{nl}{indent}{item},")
        return Edit(last_end, last_end, f", {item}")


EDIT, UNRESOLVED = "edit", "unresolved"
_COMMENT = re.compile(r"[ \t]*(#[^\r\n]*)?")
_COMMA_OR_COMMENT = re.compile(r"#[^\r\n]*|,")
_REST_OF_LINE = re.compile(r"[ \t]*,?[ \t]*(#[^\r\n]*)?(\r?\n|\r|\Z)")


def _comma_in(between: str) -> int:
    """The separating comma in the text between two arguments (a comma inside a comment is not it)."""
    return next(m.start() for m in _COMMA_OR_COMMENT.finditer(between) if m.group() == ",")


def _keyword(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def _outside_removals(edits: dict[Edit, Planned]) -> dict[Edit, Planned]:
    """Edits inside a removed span go with it (a keyword removed inside a removed keyword's value)."""
    removals = sorted((e.start, e.end) for e in edits if e.end > e.start and not e.replacement)
    return {
        e: p for e, p in edits.items() if not any(s <= e.start and e.end <= t and (s, t) != (e.start, e.end) for s, t in removals)
    }


def apply(rule: Rule, pack: RulePack, parsed: Parsed, report: Report) -> Parsed:
    """Carry out one call rule on a parsed module; the result is the output, parsed and checked."""
    return CallRule(rule, pack, parsed, report).run()
