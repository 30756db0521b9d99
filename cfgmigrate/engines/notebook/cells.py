"""What of a code cell is Python and what is shell, as IPython reads it.

``!cmd``, ``!!cmd``, ``%sx cmd`` and ``%system cmd`` are shell commands, ``%run x.py args`` runs a
Python program (the shell engine sees ``python x.py args``), a ``%%bash``/``%%sh``/``%%script bash``
cell is a shell script, and other ``%`` magics are neither. For the Python engine each magic line
(with its ``\\`` continuations) becomes ``pass`` with a marker comment, so the cell parses and keeps its
line numbers; :func:`restore` puts the lines back after the rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cfgmigrate.engines.shell.embedded import Block, HostLine

SHELL_CELLS = frozenset({"bash", "sh", "zsh", "system"})
PYTHON_CELLS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_SHELL_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<escape>!!|!|%sx\b|%system\b|%run\b)")
MARK = "pass  # cfgmigrate-magic-"  # a statement, so that a magic alone in a block still parses
_MARKED = re.compile(rf"^[ \t]*{MARK}(\d+)$")


@dataclass(frozen=True)
class CodeCell:
    """A code cell read for the engines: ``python`` is None when the cell is not Python."""

    python: str | None
    magics: tuple[str, ...]  # the original lines behind each marker, by number
    shell: tuple[Block, ...]


def split(source: str) -> CodeCell:
    lines = source.split("\n")
    first = lines[0].strip()
    if first.startswith("%%"):
        return _cell_magic(first[2:].split(), lines)
    return _line_magics(lines, 0)


def _cell_magic(words: list[str], lines: list[str]) -> CodeCell:
    name = words[0] if words else ""
    if name in SHELL_CELLS or (name == "script" and len(words) > 1 and words[1].rsplit("/", 1)[-1] in SHELL_CELLS):
        return CodeCell(None, (), (tuple(HostLine(no, "", line) for no, line in enumerate(lines[1:], 2)),))
    writes_python = name == "writefile" and len(words) > 1 and words[-1].endswith(".py")
    if name in PYTHON_CELLS or writes_python:
        return _line_magics(lines, 1)
    return CodeCell(None, (), ())


def _line_magics(lines: list[str], masked_head: int) -> CodeCell:
    """Mask the magic lines (and the first ``masked_head`` lines); collect the shell ones."""
    out, magics, blocks = [], list[str](), list[Block]()
    current: list[HostLine] = []
    continued, indent = False, ""
    for no, line in enumerate(lines, 1):
        stripped = line.lstrip()
        shell = _SHELL_LINE.match(line)
        if continued and current:
            current.append(HostLine(no, "", line))
        elif shell is not None and not continued:
            escape = shell.group("indent") + shell.group("escape")
            head = "python" if shell.group("escape") == "%run" else ""
            current = [HostLine(no, escape, line[len(escape) :], head)]
        magic = continued or no <= masked_head or stripped.startswith(("!", "%"))
        indent = indent if continued else line[: len(line) - len(stripped)]  # a continuation keeps its magic's
        continued = magic and line.rstrip().endswith("\\")
        if current and not continued:
            blocks.append(tuple(current))
            current = []
        if magic:
            out.append(f"{indent}{MARK}{len(magics)}")
            magics.append(line)
        else:
            out.append(line)
    if current:
        blocks.append(tuple(current))
    return CodeCell("\n".join(out), tuple(magics), tuple(blocks))


def restore(python: str, magics: tuple[str, ...]) -> str | None:
    """The rewritten Python with its magic lines back; None when a marker went missing or moved
    into another line (the rewrite touched a magic line: the cell must be left)."""
    lines = python.split("\n")
    seen = []
    for i, line in enumerate(lines):
        found = _MARKED.match(line)
        if found is not None:
            seen.append(int(found.group(1)))
            lines[i] = magics[int(found.group(1))]
    if sorted(seen) != list(range(len(magics))) or python.count(MARK) != len(magics):
        return None
    return "\n".join(lines)
