"""One PEP 508 requirement string -> a Pin, for every reader that finds such strings."""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

from cfgmigrate.versions.model import Pin, Source, canonical
from cfgmigrate.versions.raise_pin import NAME


def pin_from_requirement(
    text: str, path: str, line: int, kind: str, wanted: frozenset[str], source: Source = Source.DECLARED
) -> Pin | None:
    """The pin a requirement puts on a wanted distribution, or None (another name, a URL, not PEP 508)."""
    try:
        req = Requirement(text.strip())
    except InvalidRequirement:
        return None
    name = canonical(req.name)
    if name not in wanted or req.url:
        return None
    marker = str(req.marker) if req.marker else ""
    return Pin(name, as_written(text, str(req.specifier)), path, line, source, kind, marker, text.strip())


def as_written(text: str, normalised: str) -> str:
    """The specifier in the requirement's own order and spelling (packaging sorts the clauses)."""
    head = NAME.match(text)
    written = text[head.end() if head else 0 :].split(";")[0].strip().strip("()").replace(" ", "")
    return written if written and SpecifierSet(written) == SpecifierSet(normalised) else normalised
