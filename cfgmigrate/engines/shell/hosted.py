"""The Markdown and Makefile engines: CLI flags of the programs a rule names (``programs:``), in the
shell lines of Markdown code fences and of Makefile recipes; every other byte stays.

They answer every operation as the shell engine does (a ``rename`` with ``programs:``; the others
refused with the same reason), find their shell lines with :mod:`.fences`, and run them through the
shell engine block by block (:mod:`.embedded`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cfgmigrate.edits import attach
from cfgmigrate.engines.base import Answer, Context, EngineResult, Verdict, verdict_from
from cfgmigrate.engines.shell import ANSWERS, MAX_BYTES, Index, _spliced, embedded, fences, flags
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Edit, Severity

Blocks = Callable[[str], list[embedded.Block]]


@dataclass(frozen=True)
class HostedShellEngine:
    name: str
    suffixes: tuple[str, ...]
    blocks: Blocks
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        return flags.spellings(rule.path.last)

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> Index:
        return embedded.prepare(self.blocks, _bounded(read), relpaths, pack)

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        return migrate_hosted(relpath, text, self.blocks(text), rules, context)


def migrate_hosted(
    relpath: str, text: str, blocks: list[embedded.Block], rules: tuple[Rule, ...], context: Context
) -> EngineResult:
    """Each block through the shell engine; the new bodies spliced into their host lines."""
    starts = _line_starts(text)
    edits: list[Edit] = []
    changes: list[Change] = []
    diagnostics: list[Diagnostic] = []
    for block in blocks:
        result = embedded.migrate_block(relpath, block, rules, context)
        diagnostics += result.diagnostics
        changes += result.changes
        for host in block:
            if host.line in result.bodies:
                start = starts[host.line - 1] + len(host.keep)
                edits.append(Edit(start, start + len(host.body), result.bodies[host.line]))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return EngineResult(text, (), tuple(diagnostics))
    located = sorted((replace(c, edits=()) for c in changes), key=lambda c: c.line)  # their edits were into the block
    return EngineResult(_spliced(text, edits), tuple(attach(text, located, edits)), tuple(diagnostics))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    return starts


def _bounded(read: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def bounded(relpath: str) -> str | None:
        text = read(relpath)
        return text if text is None or len(text) <= MAX_BYTES else None

    return bounded


MARKDOWN: Any = HostedShellEngine("markdown", (".md", ".markdown"), fences.fence_blocks)
MAKEFILE: Any = HostedShellEngine("makefile", (".mk", "makefile"), fences.recipe_blocks)
