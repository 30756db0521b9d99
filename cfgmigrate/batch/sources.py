"""What the user typed (paths, git URLs, a ``--repos`` file) -> named repositories.

A repository's name is the folder its outputs go to, so names must be unique and safe as folder
names: the last segment of the path or URL (without ``.git``); where two repositories share it,
the owner segment is put in front (``org-a-utils``, ``org-b-utils``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:")  # git@github.com:org/repo.git
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class SourceError(Exception):
    """A repository that cannot be named or found; raised before any work starts."""


@dataclass(frozen=True)
class Source:
    """One repository of a campaign: ``location`` as given, a URL (cloned) or a local folder."""

    name: str
    location: str
    is_url: bool


def read_repos_file(path: Path) -> list[str]:
    """One repository per line; blank lines and ``#`` comments are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"{path}: cannot read the repository list: {e}") from e
    return [s for s in (line.split("#", 1)[0].strip() for line in lines) if s]


def is_url(location: str) -> bool:
    return "://" in location or bool(SCP_LIKE.match(location))


def resolve_sources(locations: Iterable[str]) -> list[Source]:
    """Name every repository; a missing folder, a duplicate or a clash of names is an error."""
    given = list(dict.fromkeys(locations))  # the same repository twice is one repository
    for location in given:
        if not is_url(location) and not Path(location).is_dir():
            raise SourceError(f"{location}: no such repository folder (and not a git URL)")
    names = _unique_names([_segments(loc) for loc in given], given)
    return [Source(name, loc, is_url(loc)) for name, loc in zip(names, given, strict=True)]


def _segments(location: str) -> list[str]:
    """Path segments, last one first: ``https://host/org/repo.git`` -> ``['repo', 'org', 'host']``."""
    if not is_url(location):
        location = str(Path(location).resolve())
    tail = re.sub(r"^[^:]*:(//)?", "", location) if is_url(location) else location
    parts = [p for p in re.split(r"[/:\\]", tail) if p]
    parts = [re.sub(r"\.git$", "", p) for p in reversed(parts)]
    return [UNSAFE.sub("-", p).strip("-") or "repo" for p in parts] or ["repo"]


def _unique_names(segments: Sequence[list[str]], given: Sequence[str]) -> list[str]:
    names = [s[0] for s in segments]
    clashing = {n for n, k in Counter(names).items() if k > 1}
    names = ["-".join(reversed(s[:2])) if n in clashing else n for n, s in zip(names, segments, strict=True)]
    for name, count in Counter(names).items():
        if count > 1:
            same = [loc for loc, n in zip(given, names, strict=True) if n == name]
            raise SourceError(f"two repositories would share the output folder {name!r}: {', '.join(same)}")
    return names
