"""reStructuredText code blocks that hold shell: ``.. code-block:: bash`` (``sh``, ``shell``,
``zsh``, ``console``, ``shell-session``; ``.. code::`` and ``.. sourcecode::`` alike).

The block is the directive's indented body (after its ``:option:`` lines), up to the first
non-blank line indented no deeper than the directive. Every line of a shell block that is not
blank or a comment starts a command; in a ``console`` block only the lines with a prompt do
(``$ ``, ``> ``, ``% ``; the others are output). Used for docstrings (:mod:`.docstrings`) and ``.rst`` files.
"""

from __future__ import annotations

import re

_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?P<lang>[\w-]*)[ \t]*$")
SHELLS = frozenset({"bash", "sh", "shell", "zsh"})
CONSOLES = frozenset({"console", "shell-session"})
PROMPTS = ("$ ", "> ", "% ")  # a console block's prompts (``> ``: fairseq's docs write every command so)


def shell_lines(lines: list[str]) -> dict[int, str]:
    """Index of each line that starts a command in a shell code block -> the text before the command
    (its indentation, and a console's ``$ ``)."""
    out: dict[int, str] = {}
    k = 0
    while k < len(lines):
        found = _DIRECTIVE.match(lines[k])
        k += 1
        if found is None or found.group("lang") not in SHELLS | CONSOLES:
            continue
        console = found.group("lang") in CONSOLES
        depth, options = len(found.group("indent")), True
        while k < len(lines) and (not lines[k].strip() or _indent(lines[k]) > depth):
            line = lines[k]
            stripped = line.strip()
            options = options and stripped.startswith(":") and stripped != ":"
            if stripped and not options and not stripped.startswith("#"):
                prompt = stripped[:2] if console and stripped[:2] in PROMPTS else ""
                if prompt or not console:
                    out[k] = line[: _indent(line)] + prompt
            k += 1
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
