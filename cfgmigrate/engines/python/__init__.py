"""The Python engine (libcst): bound config classes, the code that reads them, and call keywords.

Each rule runs as its own pass over the module (rules apply in pack order, each to the output of the
ones before); libcst reprints untouched nodes exactly, so everything else stays byte-identical.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cfgmigrate.edits import attach, between, rebase
from cfgmigrate.engines import linemap
from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, ProjectFiles, Refuses, Verdict, verdict_from
from cfgmigrate.engines.python import (
    argparse_helpers,
    argparse_options,
    argv,
    attributes,
    callers,
    callspans,
    factories,
    guard,
    symbols,
)
from cfgmigrate.engines.python.binding import Binding, Index, bind, binds, build_index
from cfgmigrate.engines.python.kinds import typed_as
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.receivers import Types
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.python.scopes import Model, package_of
from cfgmigrate.engines.shell.flags import spellings as flag_spellings
from cfgmigrate.ops import RenameSymbol
from cfgmigrate.rules import Add, Map, Rename, Rule, RulePack
from cfgmigrate.types import Change, Diagnostic


def _unbound(rule: Rule, pack: RulePack) -> str:
    """Why a rule has nothing for the Python engine: no call patterns and no bound class ('' when it has)."""
    if rule.is_code_rule or rule.programs or binds(rule.path, pack) or binds(rule.destination(), pack):
        return ""
    return f"no class in `schema:` holds {rule.path}, and the rule has no `calls:` or `receivers:`"


def _bound_either_end(rule: Rule, pack: RulePack) -> bool:
    return binds(rule.path, pack) or binds(rule.destination(), pack)


UNBOUND = "no `schema:` binding names a class at either end"


def _migrate_rule(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index | None, report: Report) -> Parsed:
    return _apply(rule, parsed, relpath, pack, index, report)


# The Python engine's answer for every operation (one row each; tests/test_engine_table.py checks it).
ANSWERS: dict[str, Answer] = {
    "rename": Handles(_migrate_rule, _unbound),
    "move": Refuses(
        "the Python engine cannot move a field between classes bound in `schema:` (the field, its constructor "
        "keywords and key reads would stay behind); rename it within its class, or remove it there and add it here",
        _bound_either_end,
        UNBOUND,
    ),
    "coerce": Handles(_migrate_rule, _unbound),
    "add": Handles(_migrate_rule, _unbound),
    "set_default": Handles(_migrate_rule, _unbound),
    "remove": Handles(_migrate_rule, _unbound),
    "map": Handles(_migrate_rule, _unbound),
    "copy": Refuses(
        "the Python engine cannot copy a field into or out of a class bound in `schema:` (the target class would "
        "need a new field); add it there with `add`",
        _bound_either_end,
        UNBOUND,
    ),
    "rename_symbol": Handles(_migrate_rule),
}


@dataclass(frozen=True)
class PythonEngine:
    name: str = "python"
    suffixes: tuple[str, ...] = (".py",)
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        """Literal text a file must contain for the rule to possibly fire (before any parsing)."""
        if rule.calls and isinstance(rule, Add):  # the keyword is absent by definition: look for the callee
            patterns = (*rule.calls, *rule.unresolved)
            return tuple(dict.fromkeys(_longest_literal(p) for p in patterns if _longest_literal(p))) or ()
        if isinstance(rule, RenameSymbol):
            return rule.literal_tokens()
        if rule.programs and not rule.is_code_rule and not binds(rule.path, pack):
            return flag_spellings(rule.path.last)  # argument lists only
        if isinstance(rule, Rename) and rule.parsers:  # add_argument("--old"), argument lists, a helper's callers
            return (*flag_spellings(rule.path.last), *argparse_helpers.function_names(rule))
        if rule.is_code_rule:
            return (rule.path.last,)
        classes = {ref.split("::")[1] for _, refs in pack.schema for ref in refs}
        return (rule.path.last, *sorted(classes)) if classes else ("\0no schema",)

    def prepare(self, read: ProjectFiles, relpaths: tuple[str, ...], pack: RulePack) -> Index:
        """The class index, built once per run by the shared class reader from the files the caller
        reads (``migrate`` reads no file), the programs argument lists run, the parser factories and
        the parameters other files pass (for the rules that follow attribute reads)."""
        index = build_index(read, pack, relpaths)
        attributes_follow = pack.schema or any(isinstance(r, Rename) and r.receivers for r in pack.rules)
        texts: dict[str, str | None] = {}  # read once for the factories and every rule's callers

        def once(relpath: str) -> str | None:
            if relpath not in texts:
                texts[relpath] = read(relpath)
            return texts[relpath]

        made = factories.table(once, relpaths) if attributes_follow else {}
        trees: dict[str, ast.Module | None] = {}  # parsed once for all the rules
        followers = _followers(pack, index, made)
        settled = {rule.id: callers.table(once, relpaths, rule.path.last, types, trees) for rule, types in followers}
        return replace(index, programs=argv.resolve(read, relpaths, pack), factories=made, callers=settled)

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        index = context.index if isinstance(context.index, Index) else None
        if index is None and any(
            not rule.is_code_rule and not isinstance(rule, RenameSymbol) for rule in rules
        ):  # the engine reads no file itself
            return EngineResult(text, (), (Diagnostic(relpath, 0, "", f"{_UNPREPARED}; left as it was"),))
        parsed = _parsed(text, relpath)
        if isinstance(parsed, Diagnostic):
            return EngineResult(text, (), (parsed,))
        report = Report(relpath)
        steps, diagnostics = [text], []
        changes: list[Change] = []
        for rule in rules:
            report.changes, report.diagnostics = [], []
            handler = self.answers[rule.op]
            assert isinstance(handler, Handles), f"{rule.op} reached the python engine, which refuses it"
            parsed = handler.handler(rule, parsed, relpath, context.pack, index, report)
            diagnostics += linemap.to_original(steps, len(steps) - 1, report.diagnostics)  # lines of the file as read
            if report.failed:
                return EngineResult(text, (), tuple(diagnostics))
            made = attach(steps[-1], report.changes, between(steps[-1], parsed.text))  # libcst reprints: edits from the text
            changes = rebase(steps[-1], changes, linemap.to_original(steps, len(steps) - 1, made), parsed.text)
            if parsed.text != steps[-1]:
                steps.append(parsed.text)
        return EngineResult(steps[-1], tuple(changes), tuple(diagnostics))


_UNPREPARED = "internal error: the Python engine was not prepared (prepare() builds the class index)"


def _parsed(text: str, relpath: str) -> Parsed | Diagnostic:
    """The file parsed once; one that does not parse is reported with CPython's words and line, never skipped."""
    try:
        parsed = Parsed(text)
    except SyntaxError as e:
        return Diagnostic(relpath, e.lineno or 0, "", f"cannot parse: {e.msg}; left as it was")
    except ValueError as e:
        return Diagnostic(relpath, 0, "", f"cannot parse: {e}; left as it was")
    return parsed


def _apply(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index | None, report: Report) -> Parsed:
    parsed = _forms(rule, parsed, relpath, pack, index, report)
    if isinstance(rule, Rename) and rule.programs and not report.failed:
        return argv.apply(rule, parsed, report, index.programs if index is not None else {})
    return parsed


def _forms(rule: Rule, parsed: Parsed, relpath: str, pack: RulePack, index: Index | None, report: Report) -> Parsed:
    if rule.calls:
        return callspans.apply(rule, pack, parsed, report)
    if isinstance(rule, RenameSymbol):
        return symbols.apply(rule, parsed, report, package_of(relpath))
    if rule.receivers and isinstance(rule, Rename):
        known = (index.factories, index.callers.get(rule.id)) if index is not None else (None, None)
        return attributes.apply(rule, parsed, report, None, *known)
    if isinstance(rule, Rename) and rule.parsers:
        return argparse_options.apply(rule, parsed, relpath, report)
    binding = bind(rule, index) if index is not None else None
    if binding is None or index is None:
        return parsed
    parsed = _class_rule(rule, binding, parsed, relpath, index, report)
    if isinstance(rule, Rename) and not report.failed and binding.field != rule.target.last:
        known = (index.factories, index.callers.get(rule.id))
        return attributes.apply(rule, parsed, report, typed_as(binding.cls), *known)  # instances of the bound class
    return parsed


def _followers(pack: RulePack, index: Index, made: factories.Factories) -> list[tuple[Rule, Callable[[Model], Types]]]:
    """The rules that follow attribute reads (as ``_forms`` runs them), each with its ``Types`` for a module."""
    out: list[tuple[Rule, Callable[[Model], Types]]] = []
    for rule in pack.rules:
        if not isinstance(rule, Rename) or rule.calls or not rule.path.is_literal:
            continue
        if rule.receivers:
            out.append((rule, _types(rule.receivers, None, made)))
            continue
        binding = bind(rule, index)
        if binding is not None and binding.field != rule.target.last:
            out.append((rule, _types((), typed_as(binding.cls), made)))
    return out


def _types(
    receivers: tuple[str, ...], bound: Callable[[str], bool] | None, made: factories.Factories
) -> Callable[[Model], Types]:
    def types(model: Model) -> Types:
        return Types(model, receivers, bound, made)

    return types


def _class_rule(rule: Rule, binding: Binding, parsed: Parsed, relpath: str, index: Index, report: Report) -> Parsed:
    from cfgmigrate.engines.python import classrules  # libcst is imported only when a class rule runs

    owner = binding.owner
    if Path(owner.relpath).is_absolute():  # declared by an installed base: its declaration cannot change
        report.error(
            rule, 0, f"{binding.cls.name}.{binding.field} is declared in {owner.ref}, outside the project; left as it was"
        )
        return parsed
    declares = owner.relpath == relpath
    text = classrules.rewrite(rule, binding, parsed.text, declares, relpath, index, report)
    if report.failed:
        return parsed
    if text == parsed.text:
        return parsed
    renamed = (binding.field, rule.target.last) if isinstance(rule, (Rename, Map)) and rule.target is not None else ()
    try:
        return guard.checked_rewrite(parsed, text, owner.name if declares else None, renamed)
    except guard.GuardError as e:
        report.error(rule, e.line, f"{e}; file left as it was")
        return parsed


def _longest_literal(pattern: str) -> str:
    """The last dotted component of a callee pattern that has no wildcard (``from_pretrained``)."""
    literal = [part for part in pattern.split(".") if part and not re.search(r"[*?\[\]]", part)]
    return literal[-1] if literal else ""


ENGINE: Any = PythonEngine()
