"""Collects what a Python rule changed and what it could not change, with file and line."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfgmigrate.rules import Rule
from cfgmigrate.types import HELD, Change, Diagnostic, Severity


@dataclass
class Report:
    path: str
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def change(self, rule: Rule, line: int, message: str) -> None:
        self.changes.append(Change(rule.id, line, message))

    def warn(self, rule: Rule, line: int, message: str, column: int = 0) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, rule.id, message, Severity.WARNING, column))

    def held(self, rule: Rule, line: int, message: str) -> None:
        """A call the rule's conditions left alone: a note, so that nothing is left without a word."""
        self.diagnostics.append(Diagnostic(self.path, line, rule.id, message, Severity.INFO, kind=HELD))

    def error(self, rule: Rule, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, rule.id, message))

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)
