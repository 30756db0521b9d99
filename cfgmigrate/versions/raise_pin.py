"""Raise a requirement's lower bound to a version, keeping the rest of it as written."""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, Specifier
from packaging.version import Version

NAME = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*")


def raise_specifier(spec: str, needed: Version) -> str:
    """``==4.52.4`` -> ``==4.56.0``; ``>=4.45,<=4.52.4,!=4.46.*`` -> ``>=5.0.0``: lower bounds below
    ``needed`` are raised to it, upper bounds and exclusions below it are dropped, the rest is kept."""
    kept = []
    for clause in (c.strip() for c in spec.split(",") if c.strip()):
        new = _raise_clause(clause, needed)
        kept += [new] if new else []
    if not any(_is_lower(c) for c in kept):
        kept.insert(0, f">={needed}")
    return ",".join(kept)


def _is_lower(clause: str) -> bool:
    return clause.startswith((">", "~=", "==", "==="))


def _raise_clause(clause: str, needed: Version) -> str | None:
    try:
        s = Specifier(clause)
    except InvalidSpecifier:
        return clause
    version = Version(s.version.removesuffix(".*"))
    if version >= needed:
        return clause
    if s.operator in ("==", "===") and not s.version.endswith(".*"):
        return f"{s.operator}{needed}"
    if s.operator == "==":  # ==4.52.* -> ==4.56.*
        return f"=={_truncate(needed, len(version.release))}.*"
    if s.operator == "~=":
        return f"~={_truncate(needed, max(2, len(version.release)))}"
    if s.operator in (">=", ">"):
        return f">={needed}"
    return None  # <, <=, != below the new lower bound: they would exclude it


def _truncate(v: Version, parts: int) -> str:
    release = list(v.release) + [0] * parts
    return ".".join(map(str, release[:parts]))


def raise_requirement(text: str, needed: Version) -> str:
    """A PEP 508 requirement with its specifier raised; name, extras, marker and spacing kept."""
    name = NAME.match(text)
    head = name.group(0) if name else ""
    rest = text[len(head) :]
    spec, sep, marker = rest.partition(";")
    trailing = spec[len(spec.rstrip()) :]
    return head + raise_specifier(spec.strip().strip("()"), needed) + trailing + sep + marker
