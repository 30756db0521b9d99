"""What every engine is given and returns, and how it answers each operation.

An engine is a pure function ``migrate(relpath, text, rules, context) -> EngineResult``: no I/O of
the target file, no global state, so it can run in a worker process and be tested with strings.
Errors are returned as diagnostics; a result with an error diagnostic leaves the file unchanged.

Each engine declares in one table (``answers``), for every operation of :mod:`cfgmigrate.ops`, a
handler (:class:`Handles`), a refusal with its reason (:class:`Refuses`: a pack whose rule asks the
engine for it fails to load), or why it has nothing to do with it by design (:class:`Skips`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Change, Diagnostic


@dataclass(frozen=True)
class Context:
    """Run-wide facts an engine may need besides the file itself (all picklable)."""

    root: str  # project root, absolute
    pack: RulePack  # the pack whose rules are being applied
    index: Any = None  # what the engine's prepare() computed once for the whole run


@dataclass(frozen=True)
class ProjectFiles:
    """The project's files as an engine's ``prepare()`` gets them: ``files(relpath)`` is the text
    (None when it cannot be read as UTF-8); ``root`` (absolute) is where imports are looked for.
    ``read``: where the texts come from (default: the files under ``root``; tests give a dict's ``get``)."""

    root: str
    read: Callable[[str], str | None] | None = None

    def __call__(self, relpath: str) -> str | None:
        if self.read is not None:
            return self.read(relpath)
        try:
            return (Path(self.root) / relpath).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


@dataclass(frozen=True)
class EngineResult:
    """What an engine made of one file: the new text, the changes that make it, and its diagnostics."""

    new_text: str
    changes: tuple[Change, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def _acts(rule: Any, pack: RulePack) -> str:
    return ""


def _always(rule: Any, pack: RulePack) -> bool:
    return True


@dataclass(frozen=True)
class Handles:
    """The engine carries the operation out with ``handler``; ``unless`` says why a particular rule
    of it has nothing for this engine ('' when it has)."""

    handler: Callable[..., Any]
    unless: Callable[[Any, RulePack], str] = _acts


@dataclass(frozen=True)
class Refuses:
    """The engine cannot carry the operation out; a rule that ``asks`` it fails at pack load.

    ``reports``: a rule that does not ask may still reach the engine's files (a catch-all glob such as
    ``**/*``); the engine is then given it and reports each place where it would apply, left as it
    was (verdict ``reports``), so that no such place is skipped silently."""

    reason: str
    asks: Callable[[Any, RulePack], bool] = _always
    otherwise: str = ""  # why a rule that does not ask has nothing for this engine
    reports: bool = False


@dataclass(frozen=True)
class Skips:
    """The operation has nothing for this engine to do, by design."""

    reason: str


Answer = Handles | Refuses | Skips


@dataclass(frozen=True)
class Verdict:
    """An engine's answer for one rule of one pack: ``acts``, ``refuses``, ``skips``, or ``reports``
    (it cannot carry the rule out, and reports where in its files the rule would apply), and why."""

    kind: str
    reason: str = ""


class Engine(Protocol):
    """The type of the engine table (:data:`cfgmigrate.engines.ENGINE_TABLE`)."""

    name: str
    suffixes: tuple[str, ...]
    answers: Mapping[str, Answer]

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        """What this engine does with the rule, decided before any file is read."""
        ...

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        """Literal text a file must contain for the rule to possibly fire (before any parsing)."""
        ...

    def prepare(self, read: ProjectFiles, relpaths: tuple[str, ...], pack: RulePack) -> Any:
        """A run-wide pre-pass (e.g. a class index) over files the caller reads; lands in Context.index.
        (An engine that needs no root may declare ``read: Callable[[str], str | None]``.)"""
        ...

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult: ...


def verdict_from(answers: Mapping[str, Answer], rule: Rule, pack: RulePack) -> Verdict:
    """The verdict an engine's table gives for a rule (an operation missing from it is a bug)."""
    answer = answers[rule.op]
    if isinstance(answer, Skips):
        return Verdict("skips", answer.reason)
    if isinstance(answer, Refuses):
        if answer.asks(rule, pack):
            return Verdict("refuses", answer.reason)
        return Verdict("reports" if answer.reports else "skips", answer.otherwise)
    why = answer.unless(rule, pack)
    return Verdict("skips", why) if why else Verdict("acts")
