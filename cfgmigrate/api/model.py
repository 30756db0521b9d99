"""What a migration run is given (:class:`Settings`) and what it returns (:class:`Plan`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate import leftovers
from cfgmigrate.discover import Discovery
from cfgmigrate.rules import RulePack
from cfgmigrate.types import HELD, ExitCode, FileResult, Severity, Status


@dataclass(frozen=True)
class Settings:
    """What a run is asked to do: the paths, the packs and the run options."""

    paths: tuple[Path, ...]
    packs: tuple[RulePack, ...]
    jobs: int = 1
    excludes: tuple[str, ...] = ()
    root: Path | None = None  # the project root; default: the git work tree holding the first path
    use_cache: bool = False  # skip files known clean under the same rule set (scheduled runs)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids) held back there


@dataclass(frozen=True)
class Summary:
    """The counts of a run, as its last line and the JSON summary give them."""

    files_scanned: int
    files_parsed: int
    files_changed: int
    changes: int
    errors: int
    warnings: int  # warnings: what needs a person
    files_skipped: int
    suppressed: int = 0  # changes held back by `# cfgmigrate: ignore` or per-file-ignores
    leftovers: int = 0  # warnings of the leftovers pass: retired names still in scope
    held: int = 0  # calls a rule's `unless` conditions left alone (notes of kind HELD, listed with -v)
    notes: int = 0  # lower-confidence notes (info), the held calls aside

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Plan:
    """A run's per-file results, with what was discovered, the packs that ran and the versions judged."""

    root: Path
    results: tuple[FileResult, ...]
    discovery: Discovery
    packs: tuple[RulePack, ...] = ()  # what ran, for reports that describe the rules
    stale_temps: tuple[str, ...] = ()  # temp files a killed run left (removed by ``write``)
    removed_temps: tuple[str, ...] = ()
    versions: tuple[Any, ...] = ()  # versions.model.Judged per distribution the packs name (docs/versions.md)

    @property
    def summary(self) -> Summary:
        rs = self.results
        return Summary(
            files_scanned=len(rs),
            files_parsed=sum(r.parsed for r in rs),
            files_changed=sum(r.status is Status.CHANGED for r in rs),
            changes=sum(len(r.changes) for r in rs if r.status is Status.CHANGED),
            errors=sum(len(r.errors) for r in rs),
            warnings=sum(d.severity is Severity.WARNING for r in rs for d in r.diagnostics),
            files_skipped=sum(r.status is Status.SKIPPED for r in rs) + len(self.discovery.skipped),
            suppressed=sum(len(r.suppressed) for r in rs),
            leftovers=sum(d.kind == leftovers.LEFTOVER for r in rs for d in r.diagnostics),
            held=sum(d.kind == HELD for r in rs for d in r.diagnostics),
            notes=sum(d.severity is Severity.INFO and d.kind != HELD for r in rs for d in r.diagnostics),
        )

    def exit_code(self, check: bool = False) -> ExitCode:
        if any(r.errors for r in self.results):
            return ExitCode.ERROR
        if check and any(r.status is Status.CHANGED for r in self.results):
            return ExitCode.PENDING
        return ExitCode.CLEAN
