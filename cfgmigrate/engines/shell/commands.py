"""Find the programs a shell script runs and the arguments it passes them, with a real parser
(tree-sitter-bash): line continuations, quoting, variables and `&&` chains are the parser's job.

An invocation is a Python program started by an interpreter or a launcher: ``python x.py``,
``python -m pkg.mod``, ``torchrun [opts] x.py``, ``accelerate launch [opts] x.py``, ``deepspeed
[opts] x.py``, ``python -m torch.distributed.run [opts] x.py``, also behind ``srun``, ``nohup``,
``env``, ``time`` and variable assignments, and a script run by its path (``./train.py``, made
executable with a ``#!`` line). The launcher's own options come before the program and are never
the program's arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

PYTHON = re.compile(r"^(?:.*/)?python(?:\d+(?:\.\d+)?)?$")
LAUNCHERS = {"torchrun", "deepspeed"}  # launcher [its options] program [program's arguments]
SUBCOMMAND_LAUNCHERS = {"accelerate": "launch"}  # accelerate launch [its options] program ...
PYTHON_LAUNCH_MODULES = {"torch.distributed.run", "torch.distributed.launch", "accelerate.commands.launch", "deepspeed"}
WRAPPERS = {"srun", "nohup", "exec", "time", "nice", "env", "mpirun", "mpiexec", "stdbuf", "numactl", "xargs", "sudo"}
PYTHON_OPTIONS_WITH_VALUE = {"-W", "-X"}
MAX_DEPTH = 200  # nesting beyond this is not a launch script: refused by the caller


@dataclass(frozen=True)
class Word:
    """One argument as written: its text and where it is (string offsets)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Invocation:
    """A Python program run by the script: ``script`` (a path as written) or ``module``."""

    line: int
    script: str
    module: str
    args: tuple[Word, ...]


@cache
def _parser() -> Any:
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_bash.language()))


def invocations(text: str) -> list[Invocation]:
    """Every Python program the script runs, in order."""
    data = text.encode("utf-8")
    offsets = _Offsets(text, data)
    tree = _parser().parse(data)
    out = []
    for node in _commands(tree.root_node):
        words = [_word(child, data, offsets) for child in node.children if child.type != "variable_assignment"]
        found = _invocation([w for w in words if w is not None], node.start_point[0] + 1)
        if found is not None:
            out.append(found)
    return out


def has_error(text: str) -> bool:
    return bool(_parser().parse(text.encode("utf-8")).root_node.has_error)


def _commands(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "command":
            yield n
        stack.extend(reversed(n.children))


def _word(node: Any, data: bytes, offsets: _Offsets) -> Word | None:
    """The argument's literal text (a quoted string without its quotes; for ``--x=$V`` the literal
    head ``--x=``); None for what has no literal text of its own."""
    if node.type == "command_name":
        node = node.children[0] if node.children else node
    if node.type == "concatenation" and node.children:
        node = node.children[0]
    if node.type in ("word", "number"):
        return Word(data[node.start_byte : node.end_byte].decode("utf-8"), offsets(node.start_byte), offsets(node.end_byte))
    if node.type in ("string", "raw_string"):
        inner = data[node.start_byte + 1 : node.end_byte - 1].decode("utf-8")
        return Word(inner, offsets(node.start_byte + 1), offsets(node.end_byte - 1))
    return None


def invocation(words: list[Word], line: int) -> Invocation | None:
    """The Python program a command's words run (``python x.py``, launchers, wrappers), or None;
    also for words that come from elsewhere than a script (a Python argument list)."""
    return _invocation(words, line)


def _invocation(words: list[Word], line: int) -> Invocation | None:
    while words and _name(words[0]) in WRAPPERS:  # srun [opts] python ...: the launcher comes later
        rest = [i for i, w in enumerate(words[1:], 1) if _is_launcher(words, i)]
        if not rest:
            return None
        words = words[rest[0] :]
    if not words:
        return None
    name = _name(words[0])
    if PYTHON.match(name):
        return _after_python(words[1:], line)
    if name in LAUNCHERS:
        return _program(words[1:], line)
    if name in SUBCOMMAND_LAUNCHERS and len(words) > 1 and words[1].text == SUBCOMMAND_LAUNCHERS[name]:
        return _program(words[2:], line)
    if _runs_itself(words[0]):
        return Invocation(line, words[0].text, "", tuple(words[1:]))
    return None


def _runs_itself(word: Word) -> bool:
    """``./train.py``, ``scripts/train.py``: a Python script run by its path (its ``#!`` line)."""
    return word.text.endswith(".py") and "/" in word.text and not word.text.startswith("-")


def _is_launcher(words: list[Word], i: int) -> bool:
    name = _name(words[i])
    return bool(PYTHON.match(name)) or name in LAUNCHERS or name in SUBCOMMAND_LAUNCHERS or _runs_itself(words[i])


def _name(word: Word) -> str:
    return word.text.rsplit("/", 1)[-1] if word.text.startswith(("/", ".")) else word.text


def _after_python(words: list[Word], line: int) -> Invocation | None:
    """``python [options] (script | -m module) args``; ``-m`` of a launcher module is that launcher."""
    i = 0
    while i < len(words) and words[i].text.startswith("-") and words[i].text != "-m":
        if words[i].text == "-c":  # code on the command line: no program of the project
            return None
        i += 2 if words[i].text in PYTHON_OPTIONS_WITH_VALUE else 1
    if i >= len(words):
        return None
    if words[i].text == "-m" and i + 1 < len(words):
        module = words[i + 1].text
        if module in PYTHON_LAUNCH_MODULES:
            return _program(words[i + 2 :], line)
        return Invocation(line, "", module, tuple(words[i + 2 :]))
    return Invocation(line, words[i].text, "", tuple(words[i + 1 :]))


def _program(words: list[Word], line: int) -> Invocation | None:
    """After a launcher: its options, then the program (a ``.py`` script, or ``-m``/``--module``)."""
    for i, w in enumerate(words):
        if w.text in ("-m", "--module") and i + 1 < len(words):
            return Invocation(line, "", words[i + 1].text, tuple(words[i + 2 :]))
        if w.text.endswith(".py") and not w.text.startswith("-"):
            return Invocation(line, w.text, "", tuple(words[i + 1 :]))
    return None


class _Offsets:
    """tree-sitter's byte offsets -> string offsets (the same for ASCII text)."""

    def __init__(self, text: str, data: bytes) -> None:
        self.ascii = len(text) == len(data)
        self.data = data

    def __call__(self, byte: int) -> int:
        return byte if self.ascii else len(self.data[:byte].decode("utf-8", "replace"))
