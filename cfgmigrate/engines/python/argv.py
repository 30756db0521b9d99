"""CLI flags in Python argument lists: ``subprocess.run(["python", "train.py", "--old", v])`` follows a
rename whose ``programs:`` (given, or a bound field's) name the program, as a shell script does.

The list is read as the words of a command line (the shell engine's launcher rules: ``python -m``,
``torchrun``, ``accelerate launch``...); only string literals are words, so ``f"--{name}"`` or a
variable is never edited. Programs are resolved once per run in ``prepare`` (the engine reads no file).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping

from cfgmigrate.engines.python import guard
from cfgmigrate.engines.python.carry import carry_out
from cfgmigrate.engines.python.offsets import Offsets
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.shell import commands, flags, programs
from cfgmigrate.rules import Rename, RulePack
from cfgmigrate.types import Change, Edit

RUNNERS = {f"subprocess.{f}" for f in ("run", "call", "check_call", "check_output", "Popen")}
Programs = Mapping[tuple[str, str, str], tuple[str, frozenset[str]]]  # (script, module, file) -> (path, names)
NOT_A_WORD = commands.Word("\0", -1, -1)


def invocations(tree: ast.Module, text: str, imports: dict[str, str]) -> Iterator[tuple[commands.Invocation, list[ast.expr]]]:
    """Each argument list passed to a subprocess runner that starts a Python program, with its elements."""
    at = Offsets(text)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], (ast.List, ast.Tuple))):
            continue
        parts = _dotted(node.func)
        if not parts or ".".join([imports.get(parts[0], parts[0]), *parts[1:]]) not in RUNNERS:
            continue
        elements = list(node.args[0].elts)
        words = [_word(e, at.text, at.start(e), at.end(e)) for e in elements]
        inv = commands.invocation(words, node.lineno)
        if inv is not None:
            yield inv, elements


def _word(node: ast.expr, text: str, start: int, end: int) -> commands.Word:
    """A plain one-line string literal is a word (its content's offsets); ``sys.executable`` is
    ``python``; anything else is not a word."""
    if (
        isinstance(node, ast.Attribute)
        and node.attr == "executable"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    ):
        return commands.Word("python", -1, -1)
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return NOT_A_WORD
    source = text[start:end]
    if source[:1] not in ("'", '"') or source[:3] in ('"""', "'''") or "\\" in source or len(source) != len(node.value) + 2:
        return NOT_A_WORD
    return commands.Word(node.value, start + 1, end - 1)


def _dotted(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return [*inner, node.attr] if inner else []
    return []


def resolve(
    read: Callable[[str], str | None], relpaths: tuple[str, ...], pack: RulePack
) -> dict[tuple[str, str, str], tuple[str, frozenset[str]]]:
    """The programs that the argument lists of the pack's Python files start (for rules with programs)."""
    wanted = [r for r in pack.rules if isinstance(r, Rename) and r.programs]
    spellings = {s for r in wanted for s in flags.spellings(r.path.last)}
    found: dict[tuple[str, str, str], tuple[str, frozenset[str]]] = {}
    for relpath in relpaths if wanted else ():
        text = read(relpath)
        if text is None or "subprocess" not in text or not any(s in text for s in spellings):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for inv, _ in invocations(tree, text, _imports(tree)):
            program = programs.resolve(inv, relpath, read)
            if program is not None:
                found.setdefault((inv.script, inv.module, relpath), (program[0], programs.program_names(*program, read)))
    return found


def _imports(tree: ast.Module) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.update({a.asname or a.name: a.name for a in node.names})
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
    return out


def apply(rule: Rename, parsed: Parsed, report: Report, found: Programs) -> Parsed:
    """``--old`` -> ``--new`` in the argument lists that start a program the rule names."""
    if not any(s in parsed.text for s in flags.spellings(rule.path.last)) or "subprocess" not in parsed.text:
        return parsed
    old, new = rule.path.last, rule.target.last
    edits: dict[Edit, tuple[Change, guard.Action]] = {}
    for inv, elements in invocations(parsed.tree, parsed.text, _imports(parsed.tree)):
        path, names = found.get((inv.script, inv.module, report.path), ("", frozenset()))
        if not programs.named_by(rule.programs, inv.module, path or inv.script, names):
            continue
        if flags.passes(inv.args, new) and flags.renames(inv.args, old, new, rule.new_flag):
            report.error(rule, inv.line, f"cannot rename --{old} to --{new}: {inv.script or inv.module} is passed both")
            return parsed
        by_start = {parsed.at.start(e) + 1: e for e in elements}
        for hit in flags.renames(inv.args, old, new, rule.new_flag):
            element = by_start[hit.word.start]
            assert isinstance(element, ast.Constant)
            value = hit.edit.replacement + hit.word.text[hit.edit.end - hit.edit.start :]
            message = f"renamed flag {hit.word.text.split('=')[0]} to {hit.edit.replacement} ({inv.script or inv.module}, argument list)"
            edits[hit.edit] = (Change(rule.id, element.lineno, message), guard.set_string(element, value))
    return carry_out(parsed, edits, report, rule) if edits else parsed
