"""The shell engine: CLI flags in launch scripts (``.sh``, ``.bash``, SLURM files) follow a rule
that names the programs taking them (``programs:``).

Only the arguments of a command that runs one of those programs are edited (``python x.py``,
``python -m pkg``, ``torchrun``/``deepspeed``/``accelerate launch`` ``x.py``, also behind ``srun``
and friends): a flag of the same name passed to another program, or to the launcher itself, stays.
A program is recognised without importing it, by its module name, its path, or the qualified
names its source (and the project modules it imports) reference; see :mod:`.programs`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, Refuses, Verdict, verdict_from
from cfgmigrate.engines.shell import commands, flags, programs
from cfgmigrate.rules import Rename, Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Edit

NO_PROGRAMS = "the rule names no `programs:` (the CLI-flag form)"
MAX_BYTES = 1_000_000  # a launch script larger than this is not one


def _without_programs(rule: Rule, pack: RulePack) -> str:
    return "" if rule.programs else NO_PROGRAMS


def _asks(rule: Rule, pack: RulePack) -> bool:
    return bool(rule.programs)


def _refusal(op: str) -> Refuses:
    return Refuses(f"`programs:` renames a CLI flag; the shell engine cannot {op.replace('_', ' ')} one", _asks, NO_PROGRAMS)


ANSWERS: dict[str, Answer] = {
    "rename": Handles(lambda rule, inv, text, relpath, out: _rename(rule, inv, text, relpath, out), _without_programs),
    "move": _refusal("move"),
    "coerce": _refusal("coerce"),
    "add": _refusal("add"),
    "set_default": _refusal("set_default"),
    "remove": _refusal("remove"),
    "map": _refusal("map"),
    "copy": _refusal("copy"),
    "rename_symbol": _refusal("rename_symbol"),
}


@dataclass(frozen=True)
class Index:
    """For each program a script runs: its project path and the names it references."""

    programs: Mapping[tuple[str, str, str], tuple[str, frozenset[str]]]  # (script, module, shell file) -> (path, names)


@dataclass(frozen=True)
class ShellEngine:
    name: str = "shell"
    suffixes: tuple[str, ...] = (".sh", ".bash", ".slurm", ".sbatch")
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def wants(self, rule: Rule) -> bool:
        return isinstance(rule, Rename) and bool(rule.programs)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        return flags.spellings(rule.path.last)

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> Index:
        """Resolve every program the pack's shell scripts run (read once for the whole run)."""
        found: dict[tuple[str, str, str], tuple[str, frozenset[str]]] = {}
        wanted = [r for r in pack.rules if self.wants(r)]
        for relpath in relpaths if wanted else ():
            text = read(relpath)
            if text is None or len(text) > MAX_BYTES or not any(t in text for r in wanted for t in self.tokens(r, pack)):
                continue
            for inv in _invocations(text):
                key = (inv.script, inv.module, relpath)
                program = programs.resolve(inv, relpath, read)
                if key not in found and program is not None:
                    found[key] = (program[0], programs.program_names(program[0], program[1], read))
        return Index(found)

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        index = context.index if isinstance(context.index, Index) else Index({})
        if commands.has_error(text):
            return EngineResult(text, (), (Diagnostic(relpath, 0, "", "cannot parse as a shell script; left as it was"),))
        out = _Out()
        for inv in _invocations(text):
            program = index.programs.get((inv.script, inv.module, relpath))
            for rule in rules:
                if isinstance(rule, Rename) and _runs(rule, inv, program):
                    _rename(rule, inv, text, relpath, out)
        if out.diagnostics:  # a conflict: the file stays as it was
            return EngineResult(text, (), tuple(out.diagnostics))
        return EngineResult(_spliced(text, out.edits), tuple(sorted(out.changes, key=lambda c: c.line)), ())


def _invocations(text: str) -> list[commands.Invocation]:
    try:
        return commands.invocations(text)
    except RecursionError:
        return []


def _runs(rule: Rule, inv: commands.Invocation, program: tuple[str, frozenset[str]] | None) -> bool:
    relpath, names = program if program is not None else ("", frozenset())
    return programs.named_by(rule.programs, inv.module, relpath or inv.script, names)


def _rename(rule: Rename, inv: commands.Invocation, text: str, relpath: str, out: _Out) -> None:
    """``--old`` -> ``--new`` among the program's arguments; both passed is a conflict."""
    old, new = rule.path.last, rule.target.last
    hits = flags.renames(inv.args, old, new, rule.new_flag)
    if not hits:
        return
    program = inv.script or inv.module
    if flags.passes(inv.args, new):
        message = f"cannot rename --{old} to --{new}: {program} is passed both; left as it was"
        out.diagnostics.append(Diagnostic(relpath, inv.line, rule.id, message))
        return
    for hit in hits:
        out.edits.append(hit.edit)
        line = text.count("\n", 0, hit.edit.start) + 1
        spelled = hit.word.text.split("=")[0]
        mine = () if any(hit.edit in c.edits for c in out.changes) else (hit.edit,)  # an edit two rules make is made once
        out.changes.append(Change(rule.id, line, f"renamed flag {spelled} to {hit.edit.replacement} ({program})", mine))


@dataclass
class _Out:
    edits: list[Edit] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _spliced(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for e in sorted(set(edits), key=lambda e: e.start):
        out.append(text[last : e.start])
        out.append(e.replacement)
        last = e.end
    out.append(text[last:])
    return "".join(out)


ENGINE: Any = ShellEngine()
