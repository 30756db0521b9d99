"""The notebook engine (``.ipynb``): code cells through the Python engine, their ``!``/``%`` shell
lines and the code fences of markdown cells through the shell engine's flag handling.

The notebook is written back in its own layout: only the JSON strings of the source lines that
changed are written again (see :mod:`.rewrite`); outputs, metadata, indentation, key order and the
final newline stay byte for byte. The result must read back as the same notebook with only those
sources changed, and validate with nbformat (:mod:`.checks`), or the notebook is left as it was.

Reports name the file's own line (the line of that source string in the JSON text, where an editor
or a code-scanning annotation lands) and say the cell and the line within it: ``nb.ipynb:42:
rule: cell 3, line 2: renamed keyword ...``. Cells are counted from 1, markdown cells included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cfgmigrate.edits import attach
from cfgmigrate.engines.base import Answer, Context, EngineResult, Handles, ProjectFiles, Refuses, Skips, Verdict, verdict_from
from cfgmigrate.engines.notebook import across, checks, imports, jsonspans, rewrite
from cfgmigrate.engines.notebook import cells as code_cells
from cfgmigrate.engines.python import ANSWERS as PYTHON_ANSWERS
from cfgmigrate.engines.python import ENGINE as PYTHON
from cfgmigrate.engines.shell import ENGINE as SHELL
from cfgmigrate.engines.shell import embedded, fences, hosted
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Change, Diagnostic, Edit, Severity


def _delegated(*args: Any) -> None:
    """Never called: the notebook engine hands each rule to the Python or the shell engine."""


def _python_unless(op: str) -> Callable[[Rule, RulePack], str]:
    answer = PYTHON_ANSWERS[op]
    assert isinstance(answer, Handles)
    return answer.unless


def _rename_unless(rule: Rule, pack: RulePack) -> str:
    """A rename acts in code cells (Python) or in shell lines (``programs:``)."""
    why = _python_unless("rename")(rule, pack)
    return why if why and SHELL.verdict(rule, pack).kind != "acts" else ""


def _answer(op: str) -> Answer:
    answer = PYTHON_ANSWERS[op]
    if op == "rename":
        return Handles(_delegated, _rename_unless)
    if op == "set_default":
        return Skips("a default lives in the class's definition, in a .py file")
    if isinstance(answer, Handles):
        return Handles(_delegated, answer.unless)
    assert isinstance(answer, Refuses)
    return answer  # the same refusal as the Python engine's: code cells are Python


ANSWERS: dict[str, Answer] = {op: _answer(op) for op in PYTHON_ANSWERS}


@dataclass(frozen=True)
class Index:
    python: Any  # the Python engine's class index
    shell: Any  # the programs the notebooks' shell lines run


@dataclass(frozen=True)
class NotebookEngine:
    name: str = "notebook"
    suffixes: tuple[str, ...] = (".ipynb",)
    answers: Mapping[str, Answer] = field(default_factory=lambda: ANSWERS)

    def verdict(self, rule: Rule, pack: RulePack) -> Verdict:
        return verdict_from(self.answers, rule, pack)

    def tokens(self, rule: Rule, pack: RulePack) -> tuple[str, ...]:
        python = PYTHON.tokens(rule, pack) if PYTHON.verdict(rule, pack).kind == "acts" else ()
        shell = SHELL.tokens(rule, pack) if SHELL.verdict(rule, pack).kind == "acts" else ()
        return (*python, *shell)

    def prepare(self, read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack) -> Index:
        """The Python engine's index, prepared over the notebooks' code as Python (so that the programs
        their ``subprocess`` lists start are resolved), and the shell engine's over their shell lines."""
        python = None
        if any(PYTHON.verdict(r, pack).kind == "acts" for r in pack.rules):
            python = PYTHON.prepare(ProjectFiles(getattr(read, "root", ""), as_python(read)), relpaths, pack)
        return Index(python, embedded.prepare(shell_blocks, read, relpaths, pack))

    def migrate(self, relpath: str, text: str, rules: tuple[Rule, ...], context: Context) -> EngineResult:
        try:
            found = jsonspans.cells(text)
        except (jsonspans.NotebookError, RecursionError) as e:
            line = text.count("\n", 0, getattr(e, "offset", 0)) + 1
            return EngineResult(text, (), (Diagnostic(relpath, line, "", f"cannot read as a notebook: {e}; left as it was"),))
        index = context.index if isinstance(context.index, Index) else Index(None, None)
        pythons = [code_cells.split(c.source).python if c.kind == "code" and c.parts else None for c in found]
        out = _Out(cells=list(found), around=across.around(pythons))
        for cell in found:
            _migrate_cell(relpath, text, cell, rules, context, index, out)
        if any(d.severity is Severity.ERROR for d in out.diagnostics) or not out.edits:
            return EngineResult(text, (), tuple(out.diagnostics))
        new_text = _spliced(text, out.edits)
        problem = checks.problem(text, new_text, out.sources)
        if problem:
            return EngineResult(text, (), (*out.diagnostics, Diagnostic(relpath, 0, "", f"{problem}; left as it was")))
        located = sorted((replace(c, edits=()) for c in out.changes), key=lambda c: c.line)  # theirs were into cells
        return EngineResult(new_text, tuple(attach(text, located, out.edits)), tuple(out.diagnostics))


@dataclass
class _Out:
    edits: list[Edit] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[int, str] = field(default_factory=dict)  # cell index -> its new source
    imports: list[str] = field(default_factory=list)  # the top-level imports of the code cells so far
    cells: list[jsonspans.Cell] = field(default_factory=list)
    around: dict[int, across.Around] = field(default_factory=dict)  # cell index -> other cells' uses of its dicts
    elsewhere: list[tuple[int, Diagnostic]] = field(default_factory=list)  # said of another cell's line


def _migrate_cell(
    relpath: str, text: str, cell: jsonspans.Cell, rules: tuple[Rule, ...], context: Context, index: Index, out: _Out
) -> None:
    if not cell.parts or cell.kind not in ("code", "markdown"):
        return
    source, changes, diagnostics = _new_source(relpath, cell, rules, context, index, out)
    if cell.kind == "code":
        out.imports += imports.top_level(code_cells.split(cell.source).python or "")
    for k, d in out.elsewhere:
        if (located := _located(d, out.cells[k], _Lines(text, out.cells[k]))) not in out.diagnostics:
            out.diagnostics.append(located)
    out.elsewhere.clear()
    where = _Lines(text, cell)
    out.changes += [
        replace(c, line=where.file_line(c.line), message=f"cell {cell.number}, line {c.line}: {c.message}") for c in changes
    ]
    out.diagnostics += [d for d in (_located(d, cell, where) for d in diagnostics) if d not in out.diagnostics]
    if source != cell.source and not any(d.severity is Severity.ERROR for d in diagnostics):
        out.edits += rewrite.edits(text, cell, source)
        out.sources[cell.number - 1] = source


def _new_source(
    relpath: str, cell: jsonspans.Cell, rules: tuple[Rule, ...], context: Context, index: Index, out: _Out
) -> tuple[str, list[Change], list[Diagnostic]]:
    """The cell's source after its shell lines and then its Python went through the engines."""
    shell_context = Context(context.root, context.pack, index.shell)
    shell_rules = embedded.shell_rules(rules, context.pack)
    if cell.kind == "markdown":
        result = hosted.migrate_hosted(relpath, cell.source, fences.fence_blocks(cell.source), shell_rules, shell_context)
        return result.new_text, list(result.changes), list(result.diagnostics)
    split = code_cells.split(cell.source)
    result = hosted.migrate_hosted(relpath, cell.source, list(split.shell), shell_rules, shell_context)
    changes, diagnostics = list(result.changes), list(result.diagnostics)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return cell.source, changes, diagnostics
    source = result.new_text
    python_rules = tuple(r for r in rules if PYTHON.verdict(r, context.pack).kind == "acts")
    resplit = code_cells.split(source)
    if (
        resplit.python is None
        or not python_rules
        or not any(t in resplit.python for r in python_rules for t in PYTHON.tokens(r, context.pack))
    ):
        return source, changes, diagnostics
    python_context = Context(context.root, context.pack, index.python)
    around = out.around.get(next((k for k, c in enumerate(out.cells) if c is cell), -1))
    followed = (
        across.migrate_around(imports.head(out.imports), relpath, resplit.python, around, python_rules, python_context)
        if around is not None
        else None
    )
    if followed is not None:  # dicts it shares with other cells, one of which splats them
        out.elsewhere += followed.elsewhere
    py = (
        followed.result
        if followed is not None
        else imports.migrate_after(out.imports, relpath, resplit.python, python_rules, python_context)
    )
    diagnostics += [_parse_failure_is_a_warning(d) for d in py.diagnostics]
    restored = code_cells.restore(py.new_text, resplit.magics)
    if restored is None:
        return cell.source, changes, [*diagnostics, Diagnostic(relpath, 0, "", "a rewrite reached a magic line; left as it was")]
    return restored, changes + list(py.changes), diagnostics


def _parse_failure_is_a_warning(d: Diagnostic) -> Diagnostic:
    """A cell that is not plain Python (``x = !ls``, ``obj?``) is left and said, without failing the notebook."""
    if not d.rule and d.message.startswith("cannot parse"):
        return replace(d, severity=Severity.WARNING)
    return d


def _located(d: Diagnostic, cell: jsonspans.Cell, where: _Lines) -> Diagnostic:
    line = d.line or 1
    return replace(d, line=where.file_line(line), message=f"cell {cell.number}, line {line}: {d.message}")


class _Lines:
    """A cell's line -> the line of the notebook file that holds its source string."""

    def __init__(self, text: str, cell: jsonspans.Cell) -> None:
        self.text, self.cell = text, cell

    def file_line(self, cell_line: int) -> int:
        seen = 1
        for part in self.cell.parts:
            seen_after = seen + part.value.count("\n")
            if cell_line < seen_after or part is self.cell.parts[-1]:
                return self.text.count("\n", 0, part.start) + 1
            seen = seen_after
        return self.text.count("\n", 0, self.cell.parts[0].start) + 1


def as_python(read: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """``read``, with a notebook read as the Python of its code cells (magics masked; a cell that
    does not parse left out, so that one bad cell does not hide the others)."""

    def python_of(relpath: str) -> str | None:
        text = read(relpath)
        if text is None or not relpath.lower().endswith(".ipynb"):
            return text
        try:
            found = jsonspans.cells(text)
        except (jsonspans.NotebookError, RecursionError):
            return None
        sources = [code_cells.split(c.source).python for c in found if c.kind == "code" and c.parts]
        return "\n".join(s for s in sources if s is not None and _parses(s))

    return python_of


def _parses(python: str) -> bool:
    import ast

    try:
        ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def shell_blocks(text: str) -> list[embedded.Block]:
    """Every shell block of a notebook (for resolving the programs they run)."""
    try:
        found = jsonspans.cells(text)
    except (jsonspans.NotebookError, RecursionError):
        return []
    out: list[embedded.Block] = []
    for cell in found:
        if cell.kind == "markdown":
            out += fences.fence_blocks(cell.source)
        elif cell.kind == "code":
            out += code_cells.split(cell.source).shell
    return out


def _spliced(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[last : e.start])
        out.append(e.replacement)
        last = e.end
    out.append(text[last:])
    return "".join(out)


ENGINE: Any = NotebookEngine()
