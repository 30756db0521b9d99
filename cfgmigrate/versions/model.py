"""The values of version handling: a pin found in a project file, and the range judged per distribution."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


class Source(str, enum.Enum):
    """Where a pin came from, best first: a declared range wins over a lock, a lock over a checkout."""

    TARGET = "--target"
    DECLARED = "declared"  # pyproject.toml, requirements*.txt, setup.cfg, setup.py, environment.yml
    LOCK = "lock file"  # uv.lock, poetry.lock
    CHECKOUT = "checkout"  # a vendored or submodule copy of the library, read through its version file
    INSTALLED = "installed"  # importlib.metadata: the environment cfgmigrate runs in, not the project
    DEFAULT = "default"  # no pin found: the newest version the pack knows


@dataclass(frozen=True)
class Pin:
    """One requirement on a distribution, as written at ``path:line``."""

    distribution: str  # canonical name (PEP 503)
    specifier: str  # PEP 440 specifier set, "" when the file names the distribution without a version
    path: str  # project-relative file ("" for --target, installed and default)
    line: int
    source: Source
    kind: str  # "requirements", "pyproject", "poetry", "setup.cfg", "setup.py", "conda", "uv.lock", ...
    marker: str = ""
    text: str = ""  # the requirement exactly as written (what --bump edits); for a checkout: its folder

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path and self.line else self.path or self.kind

    @property
    def specifiers(self) -> SpecifierSet:
        return SpecifierSet(self.specifier)

    def describe(self) -> str:
        marker = f"; {self.marker}" if self.marker else ""
        return f"{self.distribution}{self.specifier or ' (any version)'}{marker}"


@dataclass(frozen=True)
class Judged:
    """The range of one distribution that rules are judged against, and the pins it comes from."""

    distribution: str
    lowest: Version | None  # None: no lower bound (any old version is supported)
    highest: Version | None  # None: no upper bound
    pins: tuple[Pin, ...]
    note: str = ""  # why this source was used (e.g. no pin found)

    @property
    def source(self) -> Source:
        return self.pins[0].source if self.pins else Source.DEFAULT

    @property
    def lowest_pin(self) -> Pin | None:
        """The pin that lets the oldest version in (the one a rule's message points at)."""
        return min(self.pins, key=lambda p: _sort_key(lower_bound(p.specifiers)), default=None)

    def describe(self) -> str:
        pins = "; ".join(f"{p.specifier or 'any version'} ({p.where})" for p in self.pins) or "none"
        note = f" [{self.note}]" if self.note else ""
        return f"{self.distribution}: {pins}, from {self.source.value}{note}"

    def as_dict(self) -> dict[str, object]:
        return {
            "distribution": self.distribution,
            "lowest": str(self.lowest) if self.lowest else None,
            "highest": str(self.highest) if self.highest else None,
            "source": self.source.value,
            "note": self.note,
            "pins": [
                {"specifier": p.specifier, "marker": p.marker, "path": p.path, "line": p.line, "kind": p.kind} for p in self.pins
            ],
        }


def canonical(name: str) -> str:
    return canonicalize_name(name)


def parse_version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def parse_specifiers(text: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def lower_bound(specs: SpecifierSet) -> Version | None:
    """The lowest version the set admits, as far as its clauses say (None: unbounded below)."""
    bounds = [_clause_version(s) for s in specs if s.operator in ("==", "===", ">=", ">", "~=")]
    found = [b for b in bounds if b is not None]
    return max(found) if found else None


def upper_bound(specs: SpecifierSet) -> Version | None:
    """The highest version the set admits (None: unbounded above); `~=X.Y` counts as below X+1."""
    bounds = []
    for s in specs:
        v = _clause_version(s)
        if v is None:
            continue
        if s.operator in ("==", "===", "<=", "<"):
            bounds.append(v)
        elif s.operator == "~=":
            bounds.append(Version(".".join(map(str, v.release[:-1]))) if len(v.release) > 1 else v)
    return min(bounds) if bounds else None


def _clause_version(s: Specifier) -> Version | None:
    return parse_version(s.version.removesuffix(".*"))


def _sort_key(v: Version | None) -> Version:
    return v if v is not None else Version("0.dev0")
