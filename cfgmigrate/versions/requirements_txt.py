"""``requirements*.txt``: one requirement a line, ``#`` comments, ``\\`` continuations, pip options,
and ``-r``/``-c`` includes (followed once each, relative to the including file)."""

from __future__ import annotations

import re
from pathlib import Path

from cfgmigrate.versions.model import Pin
from cfgmigrate.versions.requirement import pin_from_requirement

INCLUDE = re.compile(r"^(?:-r|-c|--requirement|--constraint)(?:\s*=\s*|\s+)(\S+)")
COMMENT = re.compile(r"(^|\s)#.*$")


def read_requirements(root: Path, relpath: str, wanted: frozenset[str], seen: set[str] | None = None) -> list[Pin]:
    """The pins on wanted distributions in ``relpath`` and the files it includes."""
    seen = set() if seen is None else seen
    if relpath in seen:
        return []
    seen.add(relpath)
    try:
        text = (root / relpath).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    pins: list[Pin] = []
    for line_no, line in logical_lines(text):
        include = INCLUDE.match(line)
        if include:
            target = (Path(relpath).parent / include.group(1)).as_posix()
            pins += read_requirements(root, target, wanted, seen)
        elif line and not line.startswith("-"):
            pin = pin_from_requirement(line, relpath, line_no, "requirements", wanted)
            pins += [pin] if pin else []
    return pins


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line number, text without comment) of each logical line."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = COMMENT.sub("", raw).rstrip()
        start = start or number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        out.append((start, (pending + stripped).strip()))
        pending, start = "", 0
    return out
