"""The library behind the command line: plan a migration over files, then write it.

``plan`` never writes; ``write`` applies a plan atomically. Per-file outcomes are values
(:class:`~cfgmigrate.types.FileResult`), so one bad file never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cfgmigrate import cache, engines, leftovers, suppress, tempfiles
from cfgmigrate.discover import MAX_BYTES, Discovery, content_problem, discover, in_scope, one_name_per_file, project_root
from cfgmigrate.edits import carried, rebase
from cfgmigrate.engines.base import Context, Engine, EngineResult
from cfgmigrate.reader import NotRegular, read_regular
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.suppress import migrate_holding_back
from cfgmigrate.types import Change, Diagnostic, ExitCode, FileResult, Severity, Status, Suppressed
from cfgmigrate.workers import run_in_workers
from cfgmigrate.writer import Refused, StaleFile, Write, digest, write_all

FILES_PER_WORKER = 4  # fewer candidates per worker than this: a process costs more than it saves


@dataclass(frozen=True)
class Settings:
    paths: tuple[Path, ...]
    packs: tuple[RulePack, ...]
    jobs: int = 1
    excludes: tuple[str, ...] = ()
    root: Path | None = None  # the project root; default: the git work tree holding the first path
    use_cache: bool = False  # skip files known clean under the same rule set (scheduled runs)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids) held back there


@dataclass(frozen=True)
class Summary:
    files_scanned: int
    files_parsed: int
    files_changed: int
    changes: int
    errors: int
    warnings: int
    files_skipped: int
    suppressed: int = 0  # changes held back by `# cfgmigrate: ignore` or per-file-ignores
    leftovers: int = 0  # warnings of the leftovers pass: retired names still in scope

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Plan:
    root: Path
    results: tuple[FileResult, ...]
    discovery: Discovery
    packs: tuple[RulePack, ...] = ()  # what ran, for reports that describe the rules
    stale_temps: tuple[str, ...] = ()  # temp files a killed run left (removed by ``write``)
    removed_temps: tuple[str, ...] = ()
    versions: tuple[Any, ...] = ()  # versions.model.Judged per distribution the packs name (docs/versions.md)

    @property
    def summary(self) -> Summary:
        rs = self.results
        return Summary(
            files_scanned=len(rs),
            files_parsed=sum(r.parsed for r in rs),
            files_changed=sum(r.status is Status.CHANGED for r in rs),
            changes=sum(len(r.changes) for r in rs if r.status is Status.CHANGED),
            errors=sum(len(r.errors) for r in rs),
            warnings=sum(len(r.diagnostics) - len(r.errors) for r in rs),
            files_skipped=sum(r.status is Status.SKIPPED for r in rs) + len(self.discovery.skipped),
            suppressed=sum(len(r.suppressed) for r in rs),
            leftovers=sum(d.kind == leftovers.LEFTOVER for r in rs for d in r.diagnostics),
        )

    def exit_code(self, check: bool = False) -> ExitCode:
        if any(r.errors for r in self.results):
            return ExitCode.ERROR
        if check and any(r.status is Status.CHANGED for r in self.results):
            return ExitCode.PENDING
        return ExitCode.CLEAN


def plan(settings: Settings, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Discover files, run every pack's rules through the engines, return the per-file results.

    A run over part of the project with a schema-bound pack also takes the other places of the
    settings it changes (see ``whole_setting``): never half a migration."""
    from cfgmigrate.whole_setting import plan_whole_settings

    result: Plan = plan_whole_settings(settings, _plan, progress)
    return result


def _plan(settings: Settings, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Discover files, run every pack's rules through the engines, return the per-file results.

    The parent reads each file once and settles most of them without a parser (the prefilter, the
    cache); only the files a rule may touch go to the worker processes."""
    root = settings.root.resolve() if settings.root else project_root(settings.paths[0] if settings.paths else Path.cwd())
    found = discover(settings.paths or (root,), root, settings.excludes)
    scoped = [r for r in found.files if engines.has_engine(r) and _any_pack_scopes(r, settings.packs)]
    relpaths, aliases = one_name_per_file(root, scoped)
    found = replace(found, skipped=found.skipped + aliases)
    indexes = _prepare(str(root), relpaths, settings.packs)
    key = cache.ruleset_key(settings.packs, indexes)
    known = cache.load(root, key) if settings.use_cache else {}
    tick = _Ticker(len(relpaths), progress)
    triaged = [_triage(str(root), rel, settings.packs, known.get(rel, ""), tick) for rel in relpaths]
    ignores = settings.per_file_ignores
    todo = [(str(root), t.path, t.text, settings.packs, indexes, t.digest, ignores) for t in triaged if isinstance(t, _Candidate)]
    migrated = iter(_run(todo, settings.jobs, tick))
    results = [next(migrated) if isinstance(t, _Candidate) else t for t in triaged]
    if settings.use_cache:
        _remember_clean(root, key, known, results)
    stale = tempfiles.stale_temps(root, found.files)
    skipped = {rel for rel, _ in found.skipped} | set(stale)
    looked_at = [rel for rel in found.files if rel not in skipped]
    attached = leftovers.attach(root, looked_at, results, settings.packs, settings.per_file_ignores)
    return Plan(root, attached, found, settings.packs, stale)


def plan_text(settings: Settings, relpath: str, text: str) -> Plan:
    """Migrate ``text`` as if it were the file ``relpath`` (relative to the project root): editors and
    pipes. Bound classes are read from the project as usual; nothing is written."""
    root = settings.root.resolve() if settings.root else project_root(Path.cwd())
    found = Discovery(root, (relpath,))
    sha = digest(text.encode("utf-8"))
    if not engines.has_engine(relpath) or not _any_pack_scopes(relpath, settings.packs):
        result = FileResult(relpath, Status.UNCHANGED, text, text, digest=sha)
    else:
        result = _migrate_text(str(root), relpath, text, settings.packs, {}, sha, settings.per_file_ignores)
    return Plan(root, (result,), found, settings.packs)


@dataclass(frozen=True)
class _Candidate:
    """A file that some rule may touch: it goes to an engine."""

    path: str
    text: str
    digest: str


class _Ticker:
    """Counts settled files for the progress callback (files settled early count at once)."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def __call__(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)


def _remember_clean(root: Path, key: str, known: dict[str, str], results: Sequence[FileResult]) -> None:
    """Record the files an engine found clean (and those the cache vouched for) under this rule set.

    Entries for files this run did not look at are kept (a pre-commit run sees a few files only)."""
    seen = {r.path for r in results}
    clean = {
        r.path: r.digest for r in results if r.status is Status.UNCHANGED and r.parsed and not r.diagnostics and not r.suppressed
    }
    clean |= {r.path: r.digest for r in results if r.meta.get("cache") == "hit"}
    merged = {path: sha for path, sha in known.items() if path not in seen} | clean
    if merged != known:
        cache.save(root, key, merged)


def _any_pack_scopes(relpath: str, packs: Sequence[RulePack]) -> bool:
    return any(in_scope(relpath, r.files or p.files) for p in packs for r in p.rules)


def _prepare(root: str, relpaths: tuple[str, ...], packs: Sequence[RulePack]) -> dict[tuple[str, str], Any]:
    """Run each engine's whole-run pre-pass once per pack (e.g. the class index) over files read here."""
    indexes: dict[tuple[str, str], Any] = {}
    suffixes = {engines.suffix_of(r) for r in relpaths}
    for suffix in sorted(suffixes):
        engine = engines.engine_for_suffix(suffix)
        for pack in packs:
            key = (engine.name, pack.path)
            if key not in indexes and any(_acts(engine, r, pack) for r in pack.rules):
                mine = tuple(r for r in relpaths if engines.suffix_of(r) in engine.suffixes)
                indexes[key] = engine.prepare(lambda rel: read_text(root, rel), mine, pack)
    return indexes


def read_text(root: str, relpath: str) -> str | None:
    """A project file's text for an engine's pre-pass, or None when it cannot be read as UTF-8."""
    try:
        return (Path(root) / relpath).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _triage(
    root: str, relpath: str, packs: Sequence[RulePack], clean_digest: str, tick: Callable[[], None]
) -> FileResult | _Candidate:
    """Settle a file without a parser where possible: unreadable, skipped, no rule's literal text
    in it, or the cache's word that these exact bytes are clean. Otherwise it is a candidate."""
    outcome = _read(root, relpath)
    if isinstance(outcome, FileResult):
        tick()
        return outcome
    text, data = outcome
    engine = engines.engine_for(relpath)
    if not any(_rules_for(engine, pack, relpath, text) for pack in packs):
        tick()
        return FileResult(relpath, Status.UNCHANGED)
    sha = digest(data)
    if clean_digest and clean_digest == sha:
        tick()
        return FileResult(relpath, Status.UNCHANGED, digest=sha, meta={"cache": "hit"})
    return _Candidate(relpath, text, sha)


def _read(root: str, relpath: str) -> tuple[str, bytes] | FileResult:
    """The file's text and bytes, or the result that says why it is not migrated."""
    try:
        data, size = read_regular(Path(root) / relpath, MAX_BYTES)
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


def _run(todo: list[tuple[Any, ...]], jobs: int, tick: Callable[[], None]) -> list[FileResult]:
    """Migrate the candidates, in worker processes when there are enough of them; input order kept."""
    jobs = max(1, min(jobs, len(todo) // FILES_PER_WORKER))
    if jobs == 1:
        return [_done(_migrate_star(a), tick) for a in todo]
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
    return _migrate_text(*a)


def migrate_file(
    root: str, relpath: str, packs: Sequence[RulePack], indexes: dict[tuple[str, str], Any], clean_digest: str = ""
) -> FileResult:
    """Read one file and run every pack over it; never raises for a bad file.

    ``clean_digest``: the cache's word that these exact bytes were clean under these packs."""
    triaged = _triage(root, relpath, packs, clean_digest, lambda: None)
    if isinstance(triaged, FileResult):
        return triaged
    return _migrate_text(root, relpath, triaged.text, packs, indexes, triaged.digest)


def _migrate_text(
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
        rules = _rules_for(engine, pack, relpath, current)
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


def _rules_for(engine: Engine, pack: RulePack, relpath: str, text: str) -> tuple[Rule, ...]:
    """The pack's rules that scope this file, that the engine handles, and that pass the prefilter."""
    available = text
    out = []
    for rule in pack.rules:
        if not in_scope(relpath, rule.files or pack.files) or not _acts(engine, rule, pack):
            continue
        tokens = engine.tokens(rule, pack)
        if tokens and not any(t in available for t in tokens):
            continue
        out.append(rule)
        destination = rule.destination()
        if destination is not None:  # a later rule may act on what this one creates
            available += "\n" + "\n".join(destination.literal_names())
    return tuple(out)


def _acts(engine: Engine, rule: Rule, pack: RulePack) -> bool:
    return engine.verdict(rule, pack).kind == "acts"


def write(plan_: Plan) -> Plan:
    """Write every changed file atomically; a file that changed on disk since it was read is refused."""
    removed = tempfiles.remove(plan_.root, plan_.stale_temps)
    changed = [r for r in plan_.results if r.status is Status.CHANGED]
    writes = [Write(plan_.root / r.path, r.new_text.encode("utf-8"), r.digest) for r in changed]
    problems = dict(zip((r.path for r in changed), write_all(writes, plan_.root), strict=True))
    results = tuple(_written(r, problems.get(r.path)) for r in plan_.results)
    return replace(plan_, results=results, removed_temps=removed)


def _written(r: FileResult, problem: Exception | None) -> FileResult:
    if problem is None:
        return r
    if isinstance(problem, StaleFile | Refused):
        return _failed(r, str(problem))
    return _failed(r, f"cannot write: {getattr(problem, 'strerror', None) or problem}")


def _failed(r: FileResult, message: str) -> FileResult:
    diag = Diagnostic(r.path, 0, "", message + "; left as it was")
    return replace(r, status=Status.FAILED, diagnostics=r.diagnostics + (diag,))
