"""Key paths: ``data.dataset_name``, ``**.torch_dtype``, ``models.*.name``, ``"a.b".c``.

A key path is a tuple of segments. ``*`` matches one level (a mapping key or a sequence item),
``**`` any number of levels (zero included). A segment containing a dot is written quoted.
Concrete locations in a document are tuples of ``str`` (mapping keys) and ``int`` (item
indexes); a literal segment of digits matches the item with that index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

STAR = "*"
GLOBSTAR = "**"

Location = tuple["str | int", ...]


class KeyPathError(ValueError):
    """A key path that cannot be parsed."""


@dataclass(frozen=True)
class KeyPath:
    """A parsed key path (``model.layers.*.dim``): its segments, and which were written quoted."""

    segments: tuple[str, ...]
    quoted: tuple[bool, ...] = ()

    @classmethod
    def parse(cls, text: str) -> KeyPath:
        return _parse(text)

    def __str__(self) -> str:
        return ".".join(_format_segment(s, q) for s, q in zip(self.segments, self._quoted(), strict=True))

    def _quoted(self) -> tuple[bool, ...]:
        return self.quoted or (False,) * len(self.segments)

    def is_wild(self, i: int) -> bool:
        return not self._quoted()[i] and self.segments[i] in (STAR, GLOBSTAR)

    @property
    def is_literal(self) -> bool:
        """True when the path names exactly one location (no wildcards)."""
        return not any(self.is_wild(i) for i in range(len(self.segments)))

    @property
    def last(self) -> str:
        return self.segments[-1]

    @property
    def parent(self) -> KeyPath:
        return KeyPath(self.segments[:-1], self._quoted()[:-1])

    def with_last(self, name: str) -> KeyPath:
        return KeyPath(self.segments[:-1] + (name,), self._quoted()[:-1] + (False,))

    def literal_names(self) -> tuple[str, ...]:
        """The non-wildcard segments: text a file must contain for this path to occur in it."""
        return tuple(s for i, s in enumerate(self.segments) if not self.is_wild(i))

    def match(self, location: Sequence[str | int]) -> tuple[str | int, ...] | None:
        """Match a concrete location; return what each ``*`` captured, or None."""
        return _match(self, 0, tuple(location), 0)

    def substitute(self, captures: Sequence[str | int]) -> tuple[str | int, ...]:
        """Fill this path's ``*`` segments with captures, in order (``move`` targets)."""
        out: list[str | int] = []
        it = iter(captures)
        for i, seg in enumerate(self.segments):
            if self.is_wild(i) and seg == GLOBSTAR:
                raise KeyPathError(f"a target path cannot contain '**': {self}")
            if self.is_wild(i):
                try:
                    out.append(next(it))
                except StopIteration:
                    raise KeyPathError(f"target {self} has more '*' than its source") from None
            else:
                out.append(seg)
        return tuple(out)


def _format_segment(seg: str, quoted: bool) -> str:
    if quoted or "." in seg or seg in (STAR, GLOBSTAR) and quoted:
        return '"' + seg.replace('"', '\\"') + '"'
    return seg


@lru_cache(maxsize=4096)
def _parse(text: str) -> KeyPath:
    if not isinstance(text, str) or not text.strip():
        raise KeyPathError("a key path cannot be empty")
    segments: list[str] = []
    quoted: list[bool] = []
    i, n = 0, len(text)
    while i <= n:
        if i < n and text[i] in "\"'":
            seg, i = _read_quoted(text, i)
            segments.append(seg)
            quoted.append(True)
        else:
            j = text.find(".", i)
            j = n if j < 0 else j
            seg = text[i:j].strip()
            if not seg:
                raise KeyPathError(f"empty segment in key path {text!r}")
            if any(c in seg for c in "\"'"):
                raise KeyPathError(f"stray quote in key path {text!r}")
            if "*" in seg and seg not in (STAR, GLOBSTAR):
                raise KeyPathError(f"'*' must be a whole segment in key path {text!r}")
            segments.append(seg)
            quoted.append(False)
            i = j
        if i >= n:
            break
        if text[i] != ".":
            raise KeyPathError(f"expected '.' after a quoted segment in key path {text!r}")
        i += 1
        if i == n:
            raise KeyPathError(f"key path {text!r} ends with '.'")
    return KeyPath(tuple(segments), tuple(quoted))


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    quote = text[i]
    out: list[str] = []
    i += 1
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if c == quote:
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise KeyPathError(f"unterminated quote in key path {text!r}")


def _segment_matches(seg: str, item: str | int) -> bool:
    if isinstance(item, int):
        return seg.isdigit() and int(seg) == item
    return seg == item


def _match(path: KeyPath, pi: int, loc: tuple[str | int, ...], li: int) -> tuple[str | int, ...] | None:
    segs = path.segments
    if pi == len(segs):
        return () if li == len(loc) else None
    if path.is_wild(pi) and segs[pi] == GLOBSTAR:
        for k in range(li, len(loc) + 1):  # '**' swallows zero or more levels
            rest = _match(path, pi + 1, loc, k)
            if rest is not None:
                return rest
        return None
    if li == len(loc):
        return None
    if path.is_wild(pi):
        rest = _match(path, pi + 1, loc, li + 1)
        return None if rest is None else (loc[li],) + rest
    if not _segment_matches(segs[pi], loc[li]):
        return None
    return _match(path, pi + 1, loc, li + 1)


def format_location(location: Sequence[str | int]) -> str:
    """Render a concrete location as a key path (items as their index)."""
    parts = []
    for item in location:
        s = str(item)
        parts.append('"' + s + '"' if isinstance(item, str) and "." in s else s)
    return ".".join(parts)
