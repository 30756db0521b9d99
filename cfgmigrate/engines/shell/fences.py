"""Shell lines in Markdown code fences (```` ```bash ````, ``sh``, ``shell``, ``console``, ``zsh``) and in
Makefile recipes, as blocks of host lines for :mod:`.embedded`.

In a fence, a ``$ `` prompt is not shell text (it is kept), and in a fence that shows prompts a
line without one is the command's output unless it continues a command (``\\`` at the end of the
line before). A fence's indentation (inside a list item) is kept too. In an untagged fence (```` ``` ````
alone, as many READMEs write commands) only a line that starts a command with an interpreter or
launcher is shell, as in a docstring (with the lines its ``\\`` continues). Other fences, and the
prose around them, are never edited.
"""

from __future__ import annotations

import re

from cfgmigrate.engines.shell.docstrings import command_blocks
from cfgmigrate.engines.shell.embedded import Block, HostLine

SHELL_FENCES = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession"})
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)")
_PROMPT = re.compile(r"^(?:\([^)\n]*\)\s*)?\$ ")


def fence_blocks(text: str) -> list[Block]:
    """The shell lines of each shell fence, one block per fence."""
    lines = text.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        opened = _OPEN.match(lines[i])
        if opened is None:
            i += 1
            continue
        end = _closing(lines, i + 1, opened.group("fence"))
        info = opened.group("info").lower().lstrip("{.").rstrip("}")
        if info in SHELL_FENCES:
            block = _fence_lines(lines, i + 1, end, opened.group("indent"))
            if block:
                blocks.append(block)
        elif not info:  # an untagged fence: only the lines that start a command with an interpreter or launcher
            blocks += command_blocks(lines, i + 1, end + 1)
        i = end + 1
    return blocks


def _closing(lines: list[str], start: int, fence: str) -> int:
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
            return j
    return len(lines)


def _fence_lines(lines: list[str], start: int, end: int, indent: str) -> Block:
    """Host lines of one fence; where the fence shows prompts, a line without one is output."""
    out: list[HostLine] = []
    continues, prompted = False, _has_prompts(lines, start, end)
    for j in range(start, end):
        line = lines[j]
        keep = indent if line.startswith(indent) else ""
        rest = line[len(keep) :]
        prompt = _PROMPT.match(rest)
        if prompt is not None:
            out.append(HostLine(j + 1, keep + prompt.group(0), rest[prompt.end() :]))
        elif continues or not prompted:
            out.append(HostLine(j + 1, keep, rest))
        else:
            continue
        continues = rest.rstrip().endswith("\\")
    return tuple(out)


def _has_prompts(lines: list[str], start: int, end: int) -> bool:
    """A console fence without a single prompt is a plain list of commands."""
    return any(_PROMPT.match(lines[j].lstrip()) for j in range(start, end))


_RULE = re.compile(r"^[^\t#=:\s][^=:]*:(?!=)")


def recipe_blocks(text: str) -> list[Block]:
    """The recipe lines of a Makefile (a tab, then ``@``/``-``/``+`` prefixes, are kept), one block
    per recipe line with its ``\\`` continuations."""
    blocks: list[Block] = []
    in_rule, current = False, list[HostLine]()
    for no, line in enumerate(text.split("\n"), 1):
        if current:  # a continuation of the recipe line before
            current.append(HostLine(no, "\t" if line.startswith("\t") else "", line[1:] if line.startswith("\t") else line))
        elif line.startswith("\t") and in_rule:
            prefix = re.match(r"\t[@+\- ]*", line).group(0)  # type: ignore[union-attr]
            current = [HostLine(no, prefix, line[len(prefix) :])]
        else:
            in_rule = bool(_RULE.match(line)) or (in_rule and (not line.strip() or line.startswith("#")))
            continue
        if not line.rstrip().endswith("\\"):
            blocks.append(tuple(current))
            current = []
    if current:
        blocks.append(tuple(current))
    return blocks
