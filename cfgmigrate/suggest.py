""" "Did you mean ...?" for a mistyped name: the closest known one, if any is close enough."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``word`` (``too`` -> ``to``), or None when none is close."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean `to`?)`` or ''."""
    match = closest(word, known)
    return f" (did you mean `{match}`?)" if match else ""
