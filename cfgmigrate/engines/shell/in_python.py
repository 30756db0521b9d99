"""The engine for ``.py`` files: the Python engine, then the CLI flags of ``programs:`` rules in the
command lines of the file's docstrings (:mod:`.docstrings`).

It answers every operation as the Python engine does, and acts on a ``rename`` with
``programs:`` too; the Python engine gets the rules it acts on, the docstring pass the others'
flags, and the changes of both carry their edits into the file as read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.edits import rebase
from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, Verdict, verdict_from
from cfgmigrate.engines.python import ANSWERS as PYTHON_ANSWERS
from cfgmigrate.engines.python import ENGINE as PYTHON
from cfgmigrate.engines.shell import ENGINE as SHELL
from cfgmigrate.engines.shell import embedded, hosted
from cfgmigrate.engines.shell.docstrings import docstring_blocks
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Severity


def _rename_unless(rule: Rule, pack: RulePack) -> str:
    rename = PYTHON_ANSWERS["rename"]
    assert isinstance(rename, Handles)
    why = rename.unless(rule, pack)
    return why if why and SHELL.verdict(rule, pack).kind != "acts" else ""


def _answers() -> dict[str, Answer]:
    out = dict(PYTHON_ANSWERS)
    rename = out["rename"]
    assert isinstance(rename, Handles)
    out["rename"] = Handles(rename.handler, _rename_unless)
    return out


@dataclass(frozen=True)
class Index:
    python: Any
    shell: Any


@dataclass(frozen=True)
class PythonWithFlags:
    name: str = "python"
    suffixes: tuple[str, ...] = (".py",)
    answers: Mapping[str, Answer] = field(default_factory=_answers)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        python = PYTHON.tokens(rule, pack) if PYTHON.verdict(rule, pack).kind == "acts" else ()
        shell = SHELL.tokens(rule, pack) if SHELL.verdict(rule, pack).kind == "acts" else ()
        return (*python, *shell)

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> Index:
        acts = any(PYTHON.verdict(r, pack).kind == "acts" for r in pack.rules)
        python = PYTHON.prepare(read, relpaths, pack) if acts else None
        return Index(python, embedded.prepare(docstring_blocks, read, relpaths, pack))

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        index = context.index if isinstance(context.index, Index) else Index(context.index, None)
        python_rules = tuple(r for r in rules if PYTHON.verdict(r, context.pack).kind == "acts")
        first = PYTHON.migrate(relpath, text, python_rules, _with(context, index.python)) if python_rules else EngineResult(text)
        shell_rules = embedded.shell_rules(rules, context.pack)
        if any(d.severity is Severity.ERROR for d in first.diagnostics) or not shell_rules:
            return first
        blocks = docstring_blocks(first.new_text)
        second = hosted.migrate_hosted(relpath, first.new_text, blocks, shell_rules, _with(context, index.shell))
        if any(d.severity is Severity.ERROR for d in second.diagnostics):
            return EngineResult(text, (), (*first.diagnostics, *second.diagnostics))
        quiet = tuple(d for d in second.diagnostics if "cannot parse this shell block" not in d.message)  # prose
        changes = rebase(first.new_text, list(first.changes), list(second.changes), second.new_text)
        return EngineResult(second.new_text, tuple(sorted(changes, key=lambda c: c.line)), (*first.diagnostics, *quiet))


def _with(context: Context, index: Any) -> Context:
    return Context(context.root, context.pack, index)


ENGINE: Any = PythonWithFlags()
