"""Command lines in Python docstrings (``Usage: torchrun train.py --evaluation_strategy steps``), as
blocks of host lines for :mod:`.embedded`.

A docstring line is shell when it starts a command with an interpreter or launcher, after its
indentation, an optional label (``Usage:``, ``Run:``) and an optional ``$ `` prompt, with the lines
its ``\\`` continues; on the quotes' own lines too (``\"\"\"python train.py --x 1\"\"\"``), the quotes
staying outside the command. In a reStructuredText ``.. code-block:: bash`` (``sh``, ``shell``,
``console``, ``zsh``; ``.. code::``, ``.. sourcecode::``) every command of the block is shell,
whatever runs it (a console script: ``trl sft ...``); in a ``console`` block, the ``$ `` lines.
Prose, ``>>>`` examples and other strings are never edited. The shell engine then edits only the
arguments of commands that run a program a rule names.
"""

from __future__ import annotations

import ast
import re

from cfgmigrate.engines.shell import rst
from cfgmigrate.engines.shell.embedded import Block, HostLine

_LAUNCHERS = r"(?:python[\d.]*|torchrun|deepspeed|accelerate|srun|nohup|mpirun|env)\s"
_COMMAND = re.compile(
    r"^(?P<keep>[ \t]*(?:[A-Za-z][A-Za-z ]{0,24}:[ \t]+)?(?:\$ )?)(?=(?:[A-Z_][A-Z0-9_]*=\S*\s+)*" + _LAUNCHERS + ")"
)
_QUOTES = re.compile(r"[rRuU]{0,2}(\"\"\"|'''|\"|')")


def docstring_blocks(source: str) -> list[Block]:
    """The command lines of every module, class and function docstring, one block per command."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = source.split("\n")
    blocks: list[Block] = []
    for node in ast.walk(tree):
        doc = _docstring_node(node)
        if doc is not None and doc.end_lineno is not None:
            blocks += command_lines(_inside(lines, doc))
    return blocks


def _docstring_node(node: ast.AST) -> ast.Constant | None:
    if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not node.body:
        return None
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.value
    return None


def _inside(lines: list[str], doc: ast.Constant) -> list[HostLine]:
    """The docstring's lines between its quotes: ``keep`` is what stands before (the opening quotes
    on the first line), ``body`` what is inside (the closing quotes stay out of the last one)."""
    first, last = doc.lineno, doc.end_lineno or doc.lineno
    start = _chars(lines[first - 1], doc.col_offset)
    end = _chars(lines[last - 1], doc.end_col_offset or 0)
    opening = _QUOTES.match(lines[first - 1], start)
    quote = opening.group(1) if opening else ""
    if opening is None or not lines[last - 1][:end].endswith(quote) or (first == last and end - len(quote) < opening.end()):
        return [HostLine(no, "", lines[no - 1]) for no in range(first + 1, last)]  # not one plain literal
    out = []
    for no in range(first, last + 1):
        line = lines[no - 1]
        begin = opening.end() if no == first else 0
        stop = end - len(quote) if no == last else len(line)
        out.append(HostLine(no, line[:begin], line[begin:stop]))
    return out


def _chars(line: str, byte_offset: int) -> int:
    """ast's column (UTF-8 bytes) as a character offset into ``line``."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def command_blocks(lines: list[str], first: int, last: int) -> list[Block]:
    """The command blocks of ``lines`` strictly between the 1-based lines ``first`` and ``last`` (an
    untagged Markdown fence's body, :mod:`.fences`), read as a docstring's lines are."""
    return command_lines([HostLine(no, "", lines[no - 1]) for no in range(first + 1, last)])


def command_lines(inside: list[HostLine], starts: set[int] | None = None) -> list[Block]:
    """Blocks of the command lines of ``inside`` (a docstring's lines), each with the lines its
    ``\\`` continues; ``starts``: the indexes where a command may start (None: anywhere)."""
    shell = rst.shell_lines([h.body for h in inside])
    out: list[Block] = []
    current: list[HostLine] = []
    for k, host in enumerate(inside):
        if current:
            current.append(HostLine(host.line, host.keep, host.body))
        elif starts is not None and k not in starts:
            continue
        else:
            keep = shell.get(k)
            found = _COMMAND.match(host.body) if keep is None else None
            if keep is None and found is None:
                continue
            at = len(keep) if keep is not None else found.end("keep") if found is not None else 0
            current = [HostLine(host.line, host.keep + host.body[:at], host.body[at:])]
        if not host.body.rstrip().endswith("\\"):
            out.append(tuple(current))
            current = []
    if current:
        out.append(tuple(current))
    return out
