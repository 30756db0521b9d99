"""The reStructuredText engine (``.rst``): CLI flags of the programs a rule names (``programs:``)
in the literal blocks of documentation, as the Markdown engine does in fences.

A ``.. code-block:: bash`` (and the other shell languages of :mod:`.rst`) takes every command of
its body; a ``console`` block its ``$ `` lines; a ``::`` literal block (and an untagged
``.. code-block::``) the lines that start a command with an interpreter or launcher, as in a
docstring. Prose, inline literals and blocks of other languages are never edited.
"""

from __future__ import annotations

import re
from typing import Any

from cfgmigrate.engines.shell import rst
from cfgmigrate.engines.shell.docstrings import command_lines
from cfgmigrate.engines.shell.embedded import Block, HostLine
from cfgmigrate.engines.shell.hosted import HostedShellEngine

_LITERAL = re.compile(r"^(?P<indent>[ \t]*)(?:(?!\.\.\s).*\S)?::[ \t]*$")  # a paragraph ending "::", or "::" alone
_PLAIN = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?:text|none)?[ \t]*$")


def rst_blocks(text: str) -> list[Block]:
    """The command lines of the file's shell code blocks and literal blocks, one block per command."""
    lines = text.split("\n")
    starts = set(rst.shell_lines(lines))
    for k, line in enumerate(lines):
        found = _LITERAL.match(line) or _PLAIN.match(line)
        if found is not None:
            starts |= set(_body(lines, k + 1, len(found.group("indent"))))
    return command_lines([HostLine(no, "", line) for no, line in enumerate(lines, 1)], starts)


def _body(lines: list[str], k: int, depth: int) -> list[int]:
    """The literal block after line ``k - 1``: its blank and deeper-indented lines (and the
    ``:option:`` lines of a directive, which start no command)."""
    out: list[int] = []
    while k < len(lines) and (not lines[k].strip() or len(lines[k]) - len(lines[k].lstrip(" \t")) > depth):
        if not lines[k].strip().startswith(":"):
            out.append(k)
        k += 1
    return out


RST: Any = HostedShellEngine("rst", (".rst",), rst_blocks)
