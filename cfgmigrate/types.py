"""Shared value types: edits, diagnostics, per-file outcomes and exit codes.

Everything here is frozen and picklable so that worker processes can return it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ExitCode(enum.IntEnum):
    """Process exit status; a run exits with the maximum over its files."""

    CLEAN = 0
    PENDING = 1  # changes pending (--check) or verification failed
    ERROR = 2  # bad rule file, unparsable input, conflicts


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (``start == end`` inserts)."""

    start: int
    end: int
    replacement: str


HELD = "held"  # Diagnostic.kind of a call a rule's `unless` conditions left alone (listed with -v)


@dataclass(frozen=True)
class Diagnostic:
    """One thing to tell the user, rendered as ``path:line: rule: message``."""

    path: str
    line: int
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    column: int = 0
    hint: str = ""
    kind: str = ""  # what raised it, where reports count it apart ("leftover": the leftovers pass; HELD)

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where += f":{self.column}" if self.line and self.column else ""
        rule = f" {self.rule}:" if self.rule else ""
        kind = "" if self.severity is Severity.ERROR else f" {self.severity.value}:"
        hint = f" (hint: {self.hint})" if self.hint else ""
        head = f"{where}:{rule}{kind}" if where else f"{rule}{kind}".strip()  # no file: the message alone
        return f"{head} {self.message}{hint}" if head else f"{self.message}{hint}"


@dataclass(frozen=True)
class Change:
    """A change that a rule made: which rule, where, what, and the edits that make it.

    ``edits`` are offsets into the text the engine was given (in a :class:`FileResult`: into
    ``old_text``). Over all the changes of a result they do not overlap, and applying them all to
    the old text gives exactly the new text (SARIF fixes are these edits, one fix per change)."""

    rule: str
    line: int
    message: str
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Suppressed:
    """A change a project held back (``# cfgmigrate: ignore``, per-file-ignores), and why."""

    rule: str
    line: int
    message: str
    reason: str


class Status(str, enum.Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class FileResult:
    """The outcome of migrating one file: a value, never an exception."""

    path: str
    status: Status
    old_text: str = ""
    new_text: str = ""
    changes: tuple[Change, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    reason: str = ""  # why a file was skipped
    parsed: bool = False  # whether a parser ran on it (prefilter statistics)
    digest: str = ""  # sha256 of the bytes read, re-checked before writing
    meta: dict[str, str] = field(default_factory=dict)
    suppressed: tuple[Suppressed, ...] = ()  # changes held back by the project, listed by -v and in reports

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)
