"""Shell commands that live inside another kind of file: Markdown code fences, Makefile recipes,
``!`` lines of notebook cells. Each host hands over its shell lines in blocks; a block is run through
the shell engine as a script of its own (so one fence that does not parse costs only that fence)
and its edits are carried back to the host's lines.

A host line is ``keep`` (host text the shell does not see: a ``!``, a ``$ `` prompt, a recipe's tab)
followed by ``body`` (shell text, the same in host and script); the script line is ``head + body``,
where ``head`` stands in for ``keep`` (spaces, or ``python`` for a notebook's ``%run``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cfgmigrate.engines.base import Context
from cfgmigrate.engines.shell import ENGINE as SHELL
from cfgmigrate.engines.shell import Index, commands, programs
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Severity


@dataclass(frozen=True)
class HostLine:
    line: int  # the line in the host (1-based): a file line, or a line of a notebook cell
    keep: str
    body: str
    head: str = ""


Block = tuple[HostLine, ...]


@dataclass(frozen=True)
class BlockResult:
    bodies: dict[int, str]  # host line -> its new body, for the lines that changed
    changes: tuple[Change, ...]
    diagnostics: tuple[Diagnostic, ...]


def script(block: Block) -> str:
    """The block as the shell engine reads it: one script line per host line (and an empty one
    after a last line that ends in ``\\``: a fence often ends so, and bash runs it)."""
    text = "".join((h.head or " " * len(h.keep)) + h.body + "\n" for h in block)
    return text + "\n" if block and block[-1].body.rstrip().endswith("\\") else text


def shell_rules(rules: Sequence[Rule], pack: RulePack) -> tuple[Rule, ...]:
    return tuple(r for r in rules if SHELL.verdict(r, pack).kind == "acts")


def has_token(text: str, rules: Sequence[Rule], pack: RulePack) -> bool:
    return any(t in text for r in rules for t in SHELL.tokens(r, pack))


def prepare(
    blocks_of: Callable[[str], list[Block]], read: Callable[[str], str | None], relpaths: Sequence[str], pack: RulePack
) -> Index:
    """The programs the hosts' shell blocks run, resolved once for the run (see the shell engine)."""
    wanted = shell_rules(pack.rules, pack)
    found: dict[tuple[str, str, str], tuple[str, frozenset[str]]] = {}
    for relpath in relpaths if wanted else ():
        text = read(relpath)
        if text is None or not has_token(text, wanted, pack):
            continue
        for block in blocks_of(text):
            for inv in _invocations(script(block)):
                key = (inv.script, inv.module, relpath)
                program = programs.resolve(inv, relpath, read) if key not in found else None
                if program is not None:
                    found[key] = (program[0], programs.program_names(program[0], program[1], read))
    return Index(found)


def migrate_block(relpath: str, block: Block, rules: Sequence[Rule], context: Context) -> BlockResult:
    """The block's flags renamed for the programs the rules name; a block that does not parse as
    shell is left, with a warning when a rule's flag is in it."""
    text = script(block)
    if not has_token(text, rules, context.pack):
        return BlockResult({}, (), ())
    if commands.has_error(text):
        flag = next(t for r in rules for t in SHELL.tokens(r, context.pack) if t in text)
        line = next((h.line for h in block if flag in h.body), block[0].line)
        why = f"cannot parse this shell block; {flag} left as it was"
        rule = next(r.id for r in rules if flag in SHELL.tokens(r, context.pack))
        return BlockResult({}, (), (Diagnostic(relpath, line, rule, why, Severity.WARNING),))
    result = SHELL.migrate(relpath, text, tuple(rules), context)
    located = tuple(replace(d, line=block[d.line - 1].line) if 0 < d.line <= len(block) else d for d in result.diagnostics)
    if result.new_text == text:
        return BlockResult({}, (), located)
    new_lines = result.new_text.split("\n")
    bodies = {}
    for host, new in zip(block, new_lines, strict=False):
        body = new[len(host.head or host.keep) :]
        if body != host.body:
            bodies[host.line] = body
    changes = tuple(replace(c, line=block[c.line - 1].line) for c in result.changes)
    return BlockResult(bodies, changes, located)


def _invocations(text: str) -> list[commands.Invocation]:
    try:
        return [] if commands.has_error(text) else commands.invocations(text)
    except RecursionError:
        return []
