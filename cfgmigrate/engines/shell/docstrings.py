"""Command lines in Python docstrings (``Usage: torchrun train.py --evaluation_strategy steps``), as
blocks of host lines for :mod:`.embedded`.

Only a docstring line that starts a command (after its indentation and an optional ``$ `` prompt)
with an interpreter or launcher is shell, with the lines its ``\\`` continues; prose, ``>>>``
examples and other strings are never edited. The closing quotes are not part of any line's body.
"""

from __future__ import annotations

import ast
import re

from cfgmigrate.engines.shell.embedded import Block, HostLine

_COMMAND = re.compile(
    r"^(?P<keep>[ \t]*(?:\$ )?)(?=(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
    r"(?:python[\d.]*|torchrun|deepspeed|accelerate|srun|nohup|mpirun|env)\s)"
)


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
            blocks += command_blocks(lines, doc.lineno, doc.end_lineno)
    return blocks


def _docstring_node(node: ast.AST) -> ast.Constant | None:
    if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not node.body:
        return None
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.value
    return None


def command_blocks(lines: list[str], first: int, last: int) -> list[Block]:
    """Blocks of the docstring's lines ``first..last`` (1-based) that hold commands; the opening
    line's quotes and the closing line's quotes stay outside the bodies."""
    out: list[Block] = []
    current: list[HostLine] = []
    for no in range(first + 1, last):  # the lines between the quotes' lines
        line = lines[no - 1]
        if current:
            current.append(HostLine(no, "", line))
        else:
            found = _COMMAND.match(line)
            if found is None:
                continue
            current = [HostLine(no, found.group("keep"), line[found.end("keep") :])]
        if not line.rstrip().endswith("\\"):
            out.append(tuple(current))
            current = []
    if current:
        out.append(tuple(current))
    return out
