"""The leftovers pass: after the rules, every occurrence of a name the packs retire is reported.

tf_upgrade_v2's report discipline: what a migration could not change is listed with file, line,
column, rule and what to do, so that "0 warnings" means the migration is complete. A name is
retired by a rule that renames, moves, maps or removes a key wherever it stands (a ``**.name``
path), and by the pack's own ``retired:`` entries (call keywords such as ``torch_dtype``, fields removed without a
successor, attribute reads, CLI flags). The pass looks at every text file in the rule's scope,
whatever its kind: Python, YAML/JSON, shell, Markdown, notebooks (their cells' sources, not their
outputs), TOML, ``.cfg``/``.txt``.

It is cheap by construction: a file is searched with a regular expression only when one of the
names is in its text (the literal prefilter), and it never parses anything.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from cfgmigrate.discover import content_problem, in_scope
from cfgmigrate.rules import Map, Move, Remove, Rename, Rule, RulePack
from cfgmigrate.types import Diagnostic, FileResult, Severity, Status

LEFTOVER = "leftover"  # Diagnostic.kind of what this pass reports

TEXT_SUFFIXES = frozenset(
    {".py", ".pyi", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".cfg", ".ini", ".txt", ".md", ".rst",
     ".sh", ".bash", ".zsh", ".slurm", ".sbatch", ".mk"}
)  # fmt: skip
TEXT_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile", "Dockerfile", "Justfile"})
_RETIRING_OPS = (Rename, Move, Map, Remove)


@dataclass(frozen=True)
class Retired:
    """A name that should no longer appear once the pack has run, and what to do where it does."""

    name: str
    rule: str  # the rule id (or the pack's retired entry id) shown in the report
    note: str
    files: tuple[str, ...]  # the scope: repo-relative globs
    versions: tuple[Any, ...] = ()  # versions.facts.VersionFacts: reported only once the project reaches `since`
    calls: tuple[str, ...] = ()  # the retired API is a keyword of these calls: elsewhere in Python, lower confidence
    attributes: bool = False  # the retired API is an attribute (config.rope_theta): elsewhere in Python, lower confidence
    produced: tuple[str, ...] = ()  # text the pack's own rules write that holds the name (`.rope_parameters["rope_theta"]`)
    option: bool = False  # retired as an argparse option (a `parsers:` rename): its flags only, lower confidence
    flags_sure: bool = True  # its `--flag` spelling is surely this setting (a `retired:` entry, a rule with `programs:`)

    def variants(self) -> tuple[str, ...]:
        """The spellings to look for: the name, and its CLI flag with dashes (``--eval-strategy``);
        an option's: its flags in both spellings, and the dashed name alone (``"model-path"``,
        counted only as a whole quoted string: flag names kept in a list)."""
        dashed = self.name.replace("_", "-")
        if self.option:  # the dashed name alone only when it is not also the dest (`lang`: too plain)
            return tuple(dict.fromkeys(("--" + dashed, "--" + self.name, *((dashed,) if dashed != self.name else ()))))
        return (self.name,) if dashed == self.name else (self.name, "--" + dashed)


ABSENT = "absent"  # FileResult.meta["retired"]: the text, read this run, holds no retired name


def words(packs: Sequence[RulePack]) -> tuple[str, ...]:
    """Every spelling of every name the packs retire. A text that holds none of them has no
    leftovers (:func:`find` looks for nothing else), so the run's first reading of a file can settle
    that and spare :func:`attach` a second one (``migrate.triage``)."""
    return tuple(dict.fromkeys(v for pack in packs for r in retired_names(pack) for v in r.variants()))


def is_text_file(relpath: str) -> bool:
    name = relpath.rpartition("/")[2]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""  # PurePosixPath's suffix: none for ".bashrc"
    return suffix in TEXT_SUFFIXES or name in TEXT_NAMES


def retired_names(pack: RulePack) -> tuple[Retired, ...]:
    """The names this pack retires: its rules' old names where they apply everywhere, then its
    own ``retired:`` entries."""
    unconditional = sorted(pack.rules, key=lambda rule: rule.when is not None)  # their notes say most
    derived = [r for rule in unconditional if (r := _retired_by(rule, pack)) is not None]
    return tuple(_with_produced(r, pack) for r in (*derived, *pack.retired))


def _with_produced(entry: Retired, pack: RulePack) -> Retired:
    """An entry knows the text that the pack's expression templates write around its name: that is
    the migrated form, not a leftover."""
    tails = tuple(
        tail
        for rule in pack.rules
        if isinstance(rule, Rename) and rule.expression and entry.name in (tail := rule.expression.split("{receiver}")[-1])
    )
    return replace(entry, produced=tails) if tails else entry


def _retired_by(rule: Rule, pack: RulePack) -> Retired | None:
    """A rule retires its old name when it acts on that key wherever it stands (``**.name``); what
    it leaves (a value its ``when`` does not admit) needs a person. A rule on one key path (``data.dataset_name``) does not: the same
    name may rightly live elsewhere; nor does a call-keyword rule, whose keyword (``tokenizer``) is
    often an ordinary name everywhere else: a pack lists such names under ``retired:``."""
    path = rule.path
    if isinstance(rule, Rename) and rule.parsers:
        return Retired(path.last, rule.id, _option_note(rule), rule.files or pack.files, option=True)
    if not isinstance(rule, _RETIRING_OPS) or rule.is_call_rule:
        return None
    destination = rule.destination()
    if isinstance(rule, Map) and (destination is None or destination.last == path.last):
        return None  # a map of values only: the key keeps its name
    everywhere = len(path.segments) == 2 and path.is_wild(0) and path.segments[0] == "**" and not path.is_wild(1)
    if not everywhere:
        return None
    # A key's `--flag` spelling is this setting only where a program takes the config as flags; a
    # rule that names none (`programs:`) cannot tell it from another program's option of that name.
    return Retired(path.last, rule.id, _note(rule), rule.files or pack.files, flags_sure=bool(rule.programs))


def _option_note(rule: Rename) -> str:
    old, new = rule.path.last.replace("_", "-"), rule.target.last.replace("_", "-")
    return (
        f"rule {rule.id} renames --{old} to --{new} where it could follow the option; "
        "if this passes it to one of those programs, change it by hand"
    )


def _note(rule: Rule) -> str:
    old = rule.path.last
    if isinstance(rule, Remove):
        return (
            f"`{old}` is retired (rule {rule.id} removes it where it applies): remove it here by hand, or widen the rule's scope"
        )
    destination = rule.destination()
    new = destination.last if destination is not None else old
    if new == old:
        return f"`{old}` is retired (rule {rule.id} rewrites it where it applies): change it here by hand"
    return f"`{old}` is retired, use `{new}` (rule {rule.id} renames it where it applies): change it here by hand"


def find(relpath: str, text: str, retired: Sequence[Retired]) -> tuple[Diagnostic, ...]:
    """Every occurrence in ``text`` of a retired name whose scope holds ``relpath``, in text order,
    reported once (by the first entry that retires it)."""
    if not is_text_file(relpath):
        return ()
    present = [r for r in retired if any(v in text for v in r.variants()) and in_scope(relpath, r.files)]
    if not present:
        return ()
    original = text
    if relpath.lower().endswith(".ipynb"):  # a notebook's sources only: outputs and metadata are not code
        from cfgmigrate.engines.notebook.jsonspans import sources_only

        text = sources_only(text)
    lines = _LineIndex(text)
    found: dict[tuple[int, str], Diagnostic] = {}
    for entry in present:
        verdict = _reach(relpath, original, entry)
        for match in _pattern(entry.variants()).finditer(text):
            if _produced_at(text, match.start(), entry):
                continue
            sure = verdict(match.start())
            if sure is None:
                continue  # a keyword of another library's call, where the name is right
            line, column = lines.position(match.start())
            spelled = match.group(0)
            if entry.option and not spelled.startswith("--") and not _quoted_alone(text, match.start(), match.end()):
                continue  # the dashed name as a word of prose or code: only a whole string counts
            if not spelled.startswith("--") and text.startswith("--", match.start() - 2):
                spelled, column = "--" + spelled, column - 2
            flag = spelled.startswith("--")
            sure = sure and not (flag and (entry.calls or not entry.flags_sure))  # a call keyword is no program's flag
            found.setdefault((match.start(), entry.name), _diagnostic(relpath, line, column, entry, spelled, sure))
    return tuple(found[k] for k in sorted(found))


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """``"model-path"`` / ``'model-path'``: the name is a whole string literal."""
    return start > 0 and end < len(text) and text[start - 1] == text[end] and text[end] in "\"'"


def _produced_at(text: str, start: int, entry: Retired) -> bool:
    """Whether the name at ``start`` is inside text a rule of the pack writes (its template's tail)."""
    for tail in entry.produced:
        at = tail.find(entry.name)
        while at >= 0:
            if text.startswith(tail, start - at):
                return True
            at = tail.find(entry.name, at + 1)
    return False


def _reach(relpath: str, text: str, entry: Retired) -> Callable[[int], bool | None]:
    """Offset -> True (reaches the retired API), False (lower confidence) or None (not reported).
    Only Python files and notebooks' code cells, for entries that name their ``calls``; elsewhere
    (and in what does not parse) every occurrence is sure."""
    suffix = PurePosixPath(relpath).suffix.lower()
    if entry.option:
        return lambda offset: False  # another program's flag of the same name is right: lower confidence
    if not (entry.calls or entry.attributes) or suffix not in (".py", ".pyi", ".ipynb"):
        return lambda offset: True
    from cfgmigrate.engines.python.reach import FINE, SURE, reach

    sure = {SURE: True, FINE: None}
    if suffix == ".ipynb":
        from cfgmigrate.engines.notebook.reach import notebook_reach

        in_cells = notebook_reach(text, entry.name, entry.calls, entry.attributes)
        if in_cells is None:
            return lambda offset: True
        return lambda offset: True if (v := in_cells(offset)) is None else sure.get(v, False)
    found = reach(text, entry.name, entry.calls, entry.attributes)
    if found is None:
        return lambda offset: True
    return lambda offset: sure.get(found.verdict(offset), False)


def _diagnostic(relpath: str, line: int, column: int, entry: Retired, spelled: str, sure: bool = True) -> Diagnostic:
    what = "flag" if spelled.startswith("--") else "name"
    if entry.option:
        message = f"lower confidence: option {what} `{spelled}` is still here: {entry.note}"
        return Diagnostic(relpath, line, entry.rule, message, Severity.INFO, column=column, kind=LEFTOVER)
    if sure:
        message = f"retired {what} `{spelled}` is still here: {entry.note}"
        return Diagnostic(relpath, line, entry.rule, message, Severity.WARNING, column=column, kind=LEFTOVER)
    if what == "flag" and not entry.flags_sure and not entry.calls:
        message = (
            f"lower confidence: retired flag `{spelled}` is here, but rule {entry.rule} names no program that takes "
            f"the setting as a flag (`programs:`), so it may be another program's option: {entry.note}"
        )
        return Diagnostic(relpath, line, entry.rule, message, Severity.INFO, column=column, kind=LEFTOVER)
    calls = entry.calls[0] if len(entry.calls) == 1 else "the calls it is retired from"
    where = "an attribute read" if entry.attributes else f"a keyword of {calls}"
    message = f"lower confidence: retired {what} `{spelled}` is here, but not as {where} (the project's own name?): {entry.note}"
    return Diagnostic(relpath, line, entry.rule, message, Severity.INFO, column=column, kind=LEFTOVER)


@lru_cache(maxsize=1024)
def _pattern(variants: tuple[str, ...]) -> re.Pattern[str]:
    """Whole identifiers only: ``torch_dtype`` in ``config.torch_dtype`` or ``--torch_dtype``, not in
    ``old_torch_dtype`` or ``torch_dtypes``."""
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")


class _LineIndex:
    """Character offsets -> 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def attach(
    root: Path,
    files: Sequence[str],
    results: Sequence[FileResult],
    packs: Sequence[RulePack],
    per_file_ignores: Sequence[tuple[str, tuple[str, ...]]] = (),
) -> tuple[FileResult, ...]:
    """The run's results with the leftovers added: on the migrated text of the files the rules
    touched, on the text on disk of every other text file in scope (a new result each). A file
    that failed is left with its error alone (it was not migrated). What the project holds back
    (``# cfgmigrate: ignore``, per-file-ignores) is not reported as left over."""
    retired = tuple(r for pack in packs for r in retired_names(pack))
    if not retired:
        return tuple(results)
    skip = _pack_files(root, packs)
    by_path = {r.path: r for r in results}
    names: dict[str, set[str]] = {}  # a retired name -> the ids its leftovers are reported under
    for r in retired:
        names.setdefault(r.name, set()).add(r.rule)
    olds = {rule.id: path.last for pack in packs for rule in pack.rules if (path := getattr(rule, "path", None)) is not None}
    out = []
    for rel in sorted({*files, *by_path}):
        result = by_path.get(rel) or FileResult(rel, Status.UNCHANGED)
        if result.status in (Status.FAILED, Status.SKIPPED) or rel in skip or not is_text_file(rel):
            out.extend([result] if rel in by_path else [])
            continue
        if result.meta.get("retired") == ABSENT or not any(in_scope(rel, r.files) for r in retired):
            out.extend([result] if rel in by_path else [])  # find() would say nothing: not read (again)
            continue
        text = _text_after(root, result)
        said = {(d.line, d.rule) for d in result.diagnostics}  # a rule's own warning there says it already
        said |= {(d.line, i) for d in result.diagnostics for i in names.get(olds.get(d.rule, ""), ())}  # of that name
        found = tuple(d for d in find(rel, text, retired) if (d.line, d.rule) not in said) if text is not None else ()
        found = _not_held_back(result, text, found, per_file_ignores) if text is not None else ()
        if found or rel in by_path:
            out.append(replace(result, diagnostics=result.diagnostics + found) if found else result)
    return tuple(out)


def _not_held_back(
    result: FileResult, text: str, found: tuple[Diagnostic, ...], per_file_ignores: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[Diagnostic, ...]:
    """Leftovers less what the project held back: a comment or per-file ignore covers them, or the
    run already lists them as suppressed changes."""
    if not found:
        return found
    from cfgmigrate import suppress

    held = suppress.scan(result.path, text, per_file_ignores)
    listed = {(s.rule, s.line) for s in result.suppressed}
    return tuple(d for d in found if not held.why_at(d.rule, d.line) and (d.rule, d.line) not in listed)


def _text_after(root: Path, result: FileResult) -> str | None:
    """The file's text once the run is done: the migrated text, or what is on disk."""
    if result.old_text or result.new_text:
        return result.new_text if result.status is Status.CHANGED else result.old_text
    try:
        data = (root / result.path).read_bytes()
    except OSError:
        return None
    if content_problem(data):
        return None
    return data.decode("utf-8", "replace")


def _pack_files(root: Path, packs: Sequence[RulePack]) -> frozenset[str]:
    out = set()
    for pack in packs:
        try:
            out.add(Path(pack.path).resolve().relative_to(root).as_posix())
        except ValueError:
            continue
    return frozenset(out)
