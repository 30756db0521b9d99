"""One file through the engines: triage without a parser where possible, then every pack's rules
in turn, the changes' edits rebased onto the file as read. Never raises for a bad file."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cfgmigrate import engines, leftovers, suppress
from cfgmigrate.discover import MAX_BYTES, content_problem, in_scope
from cfgmigrate.edits import carried, rebase
from cfgmigrate.engines.base import Context, Engine, EngineResult
from cfgmigrate.reader import NotRegular, read_regular
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.suppress import migrate_holding_back
from cfgmigrate.types import Change, Diagnostic, FileResult, Severity, Status, Suppressed
from cfgmigrate.writer import digest

FILES_PER_WORKER = 4  # fewer candidates per worker than this: a process costs more than it saves


@dataclass(frozen=True)
class Candidate:
    """A file that some rule may touch: it goes to an engine."""

    path: str
    text: str
    digest: str


def any_pack_scopes(relpath: str, packs: Sequence[RulePack]) -> bool:
    return any(in_scope(relpath, r.files or p.files) for p in packs for r in p.rules)


def triage(
    root: str,
    relpath: str,
    packs: Sequence[RulePack],
    clean_digest: str,
    tick: Callable[[], None],
    retired_words: tuple[str, ...] | None = None,
) -> FileResult | Candidate:
    """Settle a file without a parser where possible: unreadable, skipped, no rule's literal text
    in it, or the cache's word that these exact bytes are clean. Otherwise it is a candidate.

    ``retired_words`` (:func:`cfgmigrate.leftovers.words`): a file settled here keeps its text when
    it holds one of them, and says it holds none otherwise, so the leftovers pass need not read it
    again (a scheduled run over a migrated project reads each file once)."""
    outcome = _read(root, relpath)
    if isinstance(outcome, FileResult):
        tick()
        return outcome
    text, data = outcome
    engine = engines.engine_for(relpath)
    if not any(rules_for(engine, pack, relpath, text) for pack in packs):
        tick()
        return _settled(relpath, text, retired_words)
    sha = digest(data)
    if clean_digest and clean_digest == sha:
        tick()
        return _settled(relpath, text, retired_words, sha, {"cache": "hit"})
    return Candidate(relpath, text, sha)


def _settled(
    relpath: str, text: str, retired_words: tuple[str, ...] | None, sha: str = "", meta: dict[str, str] | None = None
) -> FileResult:
    """An unchanged file settled without a parser (see :func:`triage`)."""
    meta = dict(meta or {})
    if retired_words is None:
        return FileResult(relpath, Status.UNCHANGED, digest=sha, meta=meta)
    if any(w in text for w in retired_words):
        return FileResult(relpath, Status.UNCHANGED, text, text, digest=sha, meta=meta)
    return FileResult(relpath, Status.UNCHANGED, digest=sha, meta=meta | {"retired": leftovers.ABSENT})


def _read(root: str, relpath: str) -> tuple[str, bytes] | FileResult:
    """The file's text and bytes, or the result that says why it is not migrated."""
    try:
        data, size = read_regular(os.path.join(root, relpath), MAX_BYTES)
    except NotRegular as e:
        return FileResult(relpath, Status.SKIPPED, reason=str(e))
    except OSError as e:
        return FileResult(relpath, Status.FAILED, diagnostics=(Diagnostic(relpath, 0, "", f"cannot read: {e.strerror or e}"),))
    problem = content_problem(data, size)
    if problem:
        return FileResult(relpath, Status.SKIPPED, reason=problem)
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as e:
        diag = Diagnostic(relpath, 0, "", f"not UTF-8 text (byte {e.start}); left as it was")
        return FileResult(relpath, Status.FAILED, diagnostics=(diag,), digest=digest(data))


def run(todo: list[tuple[Any, ...]], jobs: int, tick: Callable[[], None]) -> list[FileResult]:
    """Migrate the candidates, in worker processes when there are enough of them; input order kept."""
    jobs = max(1, min(jobs, len(todo) // FILES_PER_WORKER))
    if jobs == 1:
        return [_done(_migrate_star(a), tick) for a in todo]
    from cfgmigrate.workers import run_in_workers  # (process pools: imported only when there are workers)

    return run_in_workers(_migrate_star, todo, jobs, _crashed, tick)


def _done(result: FileResult, tick: Callable[[], None]) -> FileResult:
    tick()
    return result


def _crashed(a: tuple[Any, ...]) -> FileResult:
    """The result for a file whose worker process died on it (a parser crash, the OOM killer)."""
    relpath, text, sha = a[1], a[2], a[5]
    diag = Diagnostic(relpath, 0, "", "the worker process migrating this file died (a crash in a parser?); left as it was")
    return FileResult(relpath, Status.FAILED, text, text, diagnostics=(diag,), parsed=True, digest=sha)


def _migrate_star(a: tuple[Any, ...]) -> FileResult:
    return migrate_text(*a)


def migrate_file(
    root: str, relpath: str, packs: Sequence[RulePack], indexes: dict[tuple[str, str], Any], clean_digest: str = ""
) -> FileResult:
    """Read one file and run every pack over it; never raises for a bad file.

    ``clean_digest``: the cache's word that these exact bytes were clean under these packs."""
    triaged = triage(root, relpath, packs, clean_digest, lambda: None)
    if isinstance(triaged, FileResult):
        return triaged
    return migrate_text(root, relpath, triaged.text, packs, indexes, triaged.digest)


def migrate_text(
    root: str,
    relpath: str,
    text: str,
    packs: Sequence[RulePack],
    indexes: dict[tuple[str, str], Any],
    sha: str,
    ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> FileResult:
    engine = engines.engine_for(relpath)
    current, parsed = text, False
    changes: list[Change] = []
    diagnostics: list[Diagnostic] = []
    held: list[Suppressed] = []
    for pack in packs:
        rules = rules_for(engine, pack, relpath, current)
        if not rules:
            continue
        parsed = True
        context = Context(root, pack, indexes.get((engine.name, pack.path)))
        result: EngineResult | None
        try:
            result, suppressed = migrate_holding_back(
                lambda active: engine.migrate(relpath, current, active, context),  # noqa: B023 (called at once)
                current,
                rules,
                suppress.scan(relpath, current, ignores),
            )
            held.extend(suppressed)
        except Exception as e:  # an engine bug must not stop the run: report it on this file
            result = None
            diagnostics.append(Diagnostic(relpath, 0, "", f"internal error in the {engine.name} engine: {type(e).__name__}: {e}"))
        if result is not None:
            if current != text:  # a later pack reports lines of its input: say them in the file as read
                from cfgmigrate.engines import linemap

                result = replace(
                    result,
                    changes=tuple(linemap.to_original([text, current], 1, list(result.changes))),
                    diagnostics=tuple(linemap.to_original([text, current], 1, list(result.diagnostics))),
                )
            diagnostics.extend(result.diagnostics)
            changes = rebase(current, changes, result.changes, result.new_text)
        if result is None or any(d.severity is Severity.ERROR for d in result.diagnostics):
            return FileResult(relpath, Status.FAILED, text, text, (), tuple(diagnostics), parsed=True, digest=sha)
        current = result.new_text
    status = Status.CHANGED if current != text else Status.UNCHANGED
    if status is Status.CHANGED and not carried(text, changes, current):
        why = f"internal error in the {engine.name} engine: its changes' edits do not give its output; left as it was"
        return FileResult(
            relpath, Status.FAILED, text, text, (), (*diagnostics, Diagnostic(relpath, 0, "", why)), parsed=True, digest=sha
        )
    return FileResult(
        relpath, status, text, current, tuple(changes), tuple(diagnostics), parsed=parsed, digest=sha, suppressed=tuple(held)
    )


def rules_for(engine: Engine, pack: RulePack, relpath: str, text: str) -> tuple[Rule, ...]:
    """The pack's rules that scope this file, that the engine handles (or reports), and that pass the prefilter."""
    available = text
    out = []
    for rule in pack.rules:
        if not in_scope(relpath, rule.files or pack.files):
            continue
        given, tokens = _given(engine, rule, pack)
        if not given:
            continue
        if tokens and not any(t in available for t in tokens):
            continue
        out.append(rule)
        destination = rule.destination()
        if destination is not None:  # a later rule may act on what this one creates
            available += "\n" + "\n".join(destination.literal_names())
    return tuple(out)


def _given(engine: Engine, rule: Rule, pack: RulePack) -> tuple[bool, tuple[str, ...]]:
    """:func:`acts` and the engine's prefilter tokens for the rule: both decided before any file is
    read, so asked once per engine, rule and pack of a run, not once per file (remembered by
    identity, the objects kept so an id is never reused while remembered)."""
    key = (id(engine), id(rule), id(pack))
    hit = _GIVEN.get(key)
    if hit is not None and hit[0] is engine and hit[1] is rule and hit[2] is pack:
        return hit[3], hit[4]
    given = acts(engine, rule, pack)
    tokens = engine.tokens(rule, pack) if given else ()
    if len(_GIVEN) >= 4096:
        _GIVEN.clear()
    _GIVEN[key] = (engine, rule, pack, given, tokens)
    return given, tokens


_GIVEN: dict[tuple[int, int, int], tuple[Any, Any, Any, bool, tuple[str, ...]]] = {}


def acts(engine: Engine, rule: Rule, pack: RulePack) -> bool:
    """Whether the engine is given the rule: it carries it out, or reports where it would apply."""
    return engine.verdict(rule, pack).kind in ("acts", "reports")
