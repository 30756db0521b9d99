"""What every engine is given and returns.

An engine is a pure function ``migrate(relpath, text, rules, context) -> EngineResult``: no I/O of
the target file, no global state, so it can run in a worker process and be tested with strings.
Errors are returned as diagnostics; a result with an error diagnostic leaves the file unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
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
class EngineResult:
    new_text: str
    changes: tuple[Change, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


class Engine(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult: ...

    def wants(self, rule: Rule) -> bool:
        """Whether this engine has anything to do for the rule (before any file is read)."""
        ...

    def prepare(self, root: str, relpaths: tuple[str, ...], pack: RulePack) -> Any:
        """Optional run-wide pre-pass (e.g. a class index); its result lands in Context.index."""
        ...
