"""Renaming a command-line flag among the arguments a program is passed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cfgmigrate.engines.shell.commands import Word
from cfgmigrate.types import Edit


@dataclass(frozen=True)
class FlagHit:
    """One ``--old`` (or ``--old=value``) argument and its replacement head."""

    word: Word
    edit: Edit


def spellings(name: str) -> tuple[str, ...]:
    """``--a_b`` and its dashed form ``--a-b`` (HfArgumentParser and argparse users write both)."""
    dashed = name.replace("_", "-")
    return (f"--{name}",) if dashed == name else (f"--{name}", f"--{dashed}")


def passes(args: Sequence[Word], name: str) -> bool:
    """Whether the flag ``--name`` (either spelling) is among the arguments."""
    return any(_spelled(w.text, flag) for w in args for flag in spellings(name))


def renames(args: Sequence[Word], old: str, new: str, plain: str = "") -> list[FlagHit]:
    """Edits that turn each ``--old`` into ``--new``, keeping the spelling style (``_`` or ``-``)
    and any ``=value``; ``plain`` is the new flag where the old one has neither (``--lang`` ->
    ``--keep-lang``, as the program that defines it spells it), else ``--new``."""
    out = []
    for word in args:
        for old_flag, new_flag in zip(spellings(old), _styled(old, new, plain), strict=True):
            if _spelled(word.text, old_flag):
                out.append(FlagHit(word, Edit(word.start, word.start + len(old_flag), new_flag)))
                break
    return out


def _styled(old: str, new: str, plain: str = "") -> tuple[str, ...]:
    dashed = new.replace("_", "-")
    return (plain or f"--{new}",) if old.replace("_", "-") == old else (f"--{new}", f"--{dashed}")


def _spelled(text: str, flag: str) -> bool:
    return text == flag or text.startswith(flag + "=")
