"""The TOML engine: training configs (``*.toml``) and the ``[tool.*]`` tables of ``pyproject.toml``.

tomlkit locates every key where it is written (a table, a dotted key, an inline table, an array of
tables) and reprints only what changed, so every other byte stays (comments, order, quoting,
blank lines). ``rename``, ``remove``, ``coerce`` and ``map`` are carried out; the result must read
back as the reference transformation's data and change no line that holds no edited key
(:mod:`.checks`), or the file is left as it was with an error. In ``pyproject.toml`` only the
``tool`` table is touched: ``[project]`` and ``[build-system]`` are never a config's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import tomlkit

from cfgmigrate.edits import attach, between, rebase
from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, Refuses, Skips, Verdict, verdict_from
from cfgmigrate.engines.config_engine import NO_CALLS
from cfgmigrate.engines.toml import checks, edit, left, run
from cfgmigrate.rules import Move, Rule, RulePack
from cfgmigrate.types import Change, Diagnostic

TOOL_FILES = frozenset(
    {"cargo.toml", "ruff.toml", ".ruff.toml", "taplo.toml", ".taplo.toml", "rustfmt.toml", ".rustfmt.toml",
     "clippy.toml", "rust-toolchain.toml", "deny.toml", "netlify.toml", "uv.toml", "pixi.toml", "hatch.toml",
     "typos.toml", "_typos.toml", ".typos.toml", "book.toml", "cross.toml", "poetry.toml"}
)  # fmt: skip
"""Tools' own files: never a training config, whatever a catch-all glob reaches."""


def _names_toml(rule: Rule, pack: RulePack) -> bool:
    """Whether the rule's scope names TOML files (then an operation the engine lacks must not load)."""
    return any(p.endswith(".toml") for p in (rule.files or pack.files))


def _lacks(op: str) -> Refuses:
    """Refused when the rule's files name .toml; reached through a catch-all glob: reported (:mod:`.left`)."""
    return Refuses(
        f"the TOML engine cannot {op} keys (yet); leave .toml files out of this rule's `files`",
        _names_toml,
        f"the TOML engine cannot {op} keys (yet), and the rule's files name no .toml file",
        reports=True,
    )


def _unless_configs(rule: Any, pack: RulePack) -> str:
    return "" if rule.configs else "`add` writes into config files only with `configs: true`"


def _delegated(*args: Any) -> None:
    """Never called: ``TomlEngine.migrate`` dispatches by operation in :mod:`.edit`."""


ANSWERS: dict[str, Answer] = {
    "rename": Handles(_delegated),
    "move": Handles(_delegated),  # tables written on [header] lines; other keys reported (:mod:`.left`)
    "coerce": Handles(_delegated),
    "add": _lacks("add"),
    "set_default": Skips("config files hold explicit values, not defaults"),
    "remove": Handles(_delegated),
    "map": Handles(_delegated),
    "copy": _lacks("copy"),
    "rename_symbol": Refuses(
        "the TOML engine cannot rename symbols in string values (yet); leave .toml files out of this rule's `files`",
        _names_toml,
        "the TOML engine cannot rename symbols in string values (yet), and the rule's files name no .toml file",
        reports=True,
    ),
}


@dataclass(frozen=True)
class TomlEngine:
    name: str = "toml"
    suffixes: tuple[str, ...] = (".toml",)
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        if rule.receivers:  # attribute reads are Python's
            return Verdict("skips", "config files have no attribute reads (`receivers:` rules are for Python code)")
        if getattr(rule, "parsers", ()):  # argparse options are Python's (and the flags')
            return Verdict("skips", "config files have no argparse options (`parsers:` rules are for Python code and CLI flags)")
        return verdict_from(self.answers, rule, pack) if not rule.calls else Verdict("skips", NO_CALLS.reason)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        own = rule.literal_tokens()
        return () if any(t.isdigit() for t in own) else own

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> None:
        return None

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        name = relpath.rsplit("/", 1)[-1]
        if name.lower() in TOOL_FILES:
            return EngineResult(text)
        only_under = "tool" if name == "pyproject.toml" else ""
        try:
            doc = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as e:
            return EngineResult(text, (), (Diagnostic(relpath, e.line, "", f"cannot parse as TOML: {e}; left as it was"),))
        if tomlkit.dumps(doc) != text:
            return EngineResult(
                text, (), (Diagnostic(relpath, 0, "", "tomlkit does not reprint this file exactly; left as it was"),)
            )
        steps, changes, reported, items = [text], list[Change](), list[Diagnostic](), set[int]()
        left_alone: list[Rule] = []
        for rule in rules:
            if self._reports(rule, context.pack, doc, steps[-1], only_under):  # what it cannot do, said where it applies
                reported += [
                    replace(d, line=run.to_read(steps, d.line)) for d in left.report(relpath, steps[-1], rule, only_under)
                ]
                left_alone.append(rule)
                continue
            ran = run.carry_out(relpath, doc, rule, only_under, steps[-1])
            if ran.failed:
                return EngineResult(text, (), tuple(ran.failed))
            reported += [replace(d, line=run.to_read(steps, d.line)) for d in ran.said]
            items |= {run.to_read(steps, line) for line in ran.item_lines}
            new_text = tomlkit.dumps(doc) if ran.text is None else ran.text
            if ran.text is not None:  # tables renamed on their header lines: read again for the next rules
                try:
                    doc = tomlkit.parse(ran.text)
                except tomlkit.exceptions.ParseError as e:
                    why = f"internal error: renaming a [header] table gave TOML that does not parse ({e}); left as it was"
                    return EngineResult(text, (), (Diagnostic(relpath, 0, rule.id, why),))
            made = attach(steps[-1], ran.made, between(steps[-1], new_text))
            made = [replace(c, line=run.to_read(steps, c.line)) for c in made]
            changes = rebase(steps[-1], changes, made, new_text)
            if new_text != steps[-1]:
                steps.append(new_text)
        acted = tuple(r for r in rules if r not in left_alone)
        problem = checks.problem(text, steps[-1], acted, _edited_keys(acted), only_under, items) if len(steps) > 1 else ""
        if problem:
            return EngineResult(text, (), (*reported, Diagnostic(relpath, 0, "", f"{problem}; left as it was")))
        return EngineResult(steps[-1], tuple(sorted(changes, key=lambda c: c.line)), tuple(reported))

    def _reports(self, rule: Rule, pack: RulePack, doc: Any, text: str, only_under: str) -> bool:
        """Whether the rule is only reported here: the engine cannot do it (a verdict ``reports``),
        or it is a move of a key that is not a table written on [header] lines."""
        if self.verdict(rule, pack).kind == "reports":
            return True
        return isinstance(rule, Move) and not edit.movable(doc, text, rule, only_under)


def _edited_keys(rules: tuple[Rule, ...]) -> set[str]:
    out = set()
    for rule in rules:
        destination = rule.destination()
        out |= {p.last for p in (rule.path, destination) if p is not None and not p.is_wild(len(p.segments) - 1)}
    return out


ENGINE: Any = TomlEngine()
