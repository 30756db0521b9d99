"""Plan a migration over files (never writing), or write a plan atomically.

The parent reads each file once and settles most of them without a parser (the prefilter, the
cache, :mod:`cfgmigrate.api.migrate`); only the files a rule may touch go to worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cfgmigrate import cache, engines, leftovers, tempfiles
from cfgmigrate.api.migrate import Candidate, acts, any_pack_scopes, migrate_text, run, triage
from cfgmigrate.api.model import Plan, Settings
from cfgmigrate.discover import Discovery, discover, one_name_per_file, project_root, run_root
from cfgmigrate.engines.base import ProjectFiles
from cfgmigrate.rules import Rename, RulePack
from cfgmigrate.types import Diagnostic, FileResult, Status
from cfgmigrate.writer import Refused, StaleFile, Write, digest, write_all


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
    root = run_root(settings.paths, settings.root)
    found = discover(settings.paths or (root,), root, settings.excludes)
    scoped = [r for r in found.files if engines.has_engine(r) and any_pack_scopes(r, settings.packs)]
    relpaths, aliases = one_name_per_file(root, scoped)
    found = replace(found, skipped=found.skipped + aliases)
    settings = replace(settings, packs=_with_option_programs(settings.packs, ProjectFiles(str(root)), relpaths))
    indexes = _prepare(str(root), relpaths, settings.packs)
    key = cache.ruleset_key(settings.packs, indexes)
    known = cache.load(root, key) if settings.use_cache else {}
    tick = _Ticker(len(relpaths), progress)
    words = leftovers.words(settings.packs)
    triaged = [triage(str(root), rel, settings.packs, known.get(rel, ""), tick, words) for rel in relpaths]
    ignores = settings.per_file_ignores
    todo = [(str(root), t.path, t.text, settings.packs, indexes, t.digest, ignores) for t in triaged if isinstance(t, Candidate)]
    migrated = iter(run(todo, settings.jobs, tick))
    results = [next(migrated) if isinstance(t, Candidate) else t for t in triaged]
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
    if not engines.has_engine(relpath) or not any_pack_scopes(relpath, settings.packs):
        result = FileResult(relpath, Status.UNCHANGED, text, text, digest=sha)
    else:
        result = migrate_text(str(root), relpath, text, settings.packs, {}, sha, settings.per_file_ignores)
    return Plan(root, (result,), found, settings.packs)


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


def _prepare(root: str, relpaths: tuple[str, ...], packs: Sequence[RulePack]) -> dict[tuple[str, str], Any]:
    """Run each engine's whole-run pre-pass once per pack (e.g. the class index) over files read here."""
    indexes: dict[tuple[str, str], Any] = {}
    suffixes = {engines.suffix_of(r) for r in relpaths}
    for suffix in sorted(suffixes):
        engine = engines.engine_for_suffix(suffix)
        for pack in packs:
            key = (engine.name, pack.path)
            if key not in indexes and any(acts(engine, r, pack) for r in pack.rules):
                mine = tuple(r for r in relpaths if engines.suffix_of(r) in engine.suffixes)
                indexes[key] = engine.prepare(ProjectFiles(root), mine, pack)
    return indexes


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


def _with_option_programs(packs: Sequence[RulePack], read: ProjectFiles, relpaths: Sequence[str]) -> tuple[RulePack, ...]:
    """``option_flags.with_option_programs``, imported (with the Python engine it needs) only when a
    rule has ``parsers:``."""
    if not any(isinstance(r, Rename) and r.parsers for pack in packs for r in pack.rules):
        return tuple(packs)
    from cfgmigrate.option_flags import with_option_programs

    return with_option_programs(packs, read, relpaths)
