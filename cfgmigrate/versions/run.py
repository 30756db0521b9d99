"""A migration run under the version policy: judge the project's ranges, run the rules that
apply, report the held-back ones where they would change something, and (``--bump``) raise pins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cfgmigrate import api
from cfgmigrate.discover import project_root, run_root
from cfgmigrate.errors import SettingsError
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Diagnostic, FileResult, Severity, Status

if TYPE_CHECKING:  # the policy's modules are imported only for a pack that names distributions
    from packaging.version import Version

    from cfgmigrate.versions.model import Judged
    from cfgmigrate.versions.policy import Decision, Verdict
    from cfgmigrate.versions.project import Installed


class TargetError(SettingsError, ValueError):
    """A --target that is not NAME==VERSION or NAME with a PEP 440 range."""


@dataclass(frozen=True)
class VersionOptions:
    """The version policy of a run: ``--target``, ``--bump`` and ``--deprecations``."""

    targets: tuple[str, ...] = ()  # "transformers==5.0.0", "megatron-core>=0.15"
    bump: bool = False
    deprecations: bool = False
    installed: Installed | None = None  # default: importlib.metadata (the last resort)


def parse_targets(texts: Sequence[str]) -> dict[str, str]:
    """``NAME==VER`` / ``NAME>=A,<B`` (repeatable; the same name twice narrows) -> name -> specifier."""
    from packaging.requirements import InvalidRequirement, Requirement

    from cfgmigrate.versions.model import canonical

    out: dict[str, str] = {}
    for text in texts:
        try:
            req = Requirement(text)
        except InvalidRequirement as e:
            raise TargetError(f"--target {text!r}: not NAME==VERSION or a PEP 440 range ({e})") from None
        if not str(req.specifier):
            raise TargetError(f"--target {text!r}: give a version, e.g. {req.name}==1.2.3")
        name = canonical(req.name)
        out[name] = ",".join(s for s in (out.get(name, ""), str(req.specifier)) if s)
    return out


@dataclass(frozen=True)
class _Policy:
    """The project's ranges judged, and what each rule may do at them."""

    root: Path
    names: tuple[str, ...]
    judged: tuple[Judged, ...]
    decisions: tuple[Decision, ...]
    active: tuple[RulePack, ...]  # the rules that apply, with the retired names the ranges reach


def _policy(settings: api.Settings, options: VersionOptions, root: Path) -> _Policy | None:
    names = tuple(sorted({d for p in settings.packs for d in p.distributions}))
    if not names:
        return None  # no version facts: no pins to read, no policy to import
    from cfgmigrate.versions.facts import newest_versions
    from cfgmigrate.versions.policy import Verdict, decide
    from cfgmigrate.versions.project import judge

    newest = newest_versions(r for p in settings.packs for r in p.rules)
    judged = judge(root, list(names), newest, parse_targets(options.targets), options.installed or installed_version)
    judged = _with_target_notes(root, judged)
    by_name = {j.distribution: j for j in judged}
    decisions = tuple(decide(r, by_name, options.bump, options.deprecations) for p in settings.packs for r in p.rules)
    active = _retired_in_reach(_keep(settings.packs, decisions, Verdict.APPLY), by_name, options)
    return _Policy(root, names, judged, decisions, active)


def installed_version(name: str) -> str | None:
    """The installed version of ``name`` (:func:`cfgmigrate.versions.project.installed_version`,
    imported when a pack names distributions; tests replace this name)."""
    from cfgmigrate.versions.project import installed_version as installed

    return installed(name)


def plan(settings: api.Settings, options: VersionOptions, progress: Callable[[int, int], None] | None = None) -> api.Plan:
    root = run_root(settings.paths, settings.root)
    policy = _policy(settings, options, root)
    if policy is None:
        return api.plan(settings, progress)
    result = api.plan(replace(settings, packs=policy.active), progress)
    results = _report_held(
        settings, policy.decisions, result.results, lambda packs: api.plan(replace(settings, packs=packs, use_cache=False))
    )
    if options.bump:
        from cfgmigrate.versions.bump import bump
        from cfgmigrate.versions.project import declared_pins

        changed = {c.rule for r in results for c in r.changes}
        needed = _needed([d for d in policy.decisions if d.rule.id in changed])
        results = bump(root, results, declared_pins(root, frozenset(policy.names)), needed)
    return replace(result, results=results, packs=settings.packs, versions=policy.judged)


def plan_text(settings: api.Settings, options: VersionOptions, relpath: str, text: str) -> api.Plan:
    """:func:`plan` for one text given as the file ``relpath`` (stdin): the same ranges, the same
    rules held back and reported; ``--bump`` is refused, since it writes the project's pins."""
    if options.bump:
        raise SettingsError("--bump raises the project's pins in their files: not with stdin (run it on the project)")
    root = settings.root.resolve() if settings.root else project_root(Path.cwd())
    policy = _policy(settings, options, root)
    if policy is None:
        return api.plan_text(settings, relpath, text)
    result = api.plan_text(replace(settings, packs=policy.active), relpath, text)
    results = _report_held(
        settings, policy.decisions, result.results, lambda packs: api.plan_text(replace(settings, packs=packs), relpath, text)
    )
    return replace(result, results=results, packs=settings.packs, versions=policy.judged)


def _keep(packs: Sequence[RulePack], decisions: Sequence[Decision], *verdicts: Verdict) -> tuple[RulePack, ...]:
    chosen = {(d.rule.pack, d.rule.id) for d in decisions if d.verdict in verdicts}
    return tuple(replace(p, rules=tuple(r for r in p.rules if (r.pack, r.id) in chosen)) for p in packs)


def _retired_in_reach(packs: Sequence[RulePack], judged: dict[str, Judged], options: VersionOptions) -> tuple[RulePack, ...]:
    """A pack's retired names are leftovers only where the project's versions have reached them: at
    4.52 `torch_dtype` is the right name, not a leftover."""
    from cfgmigrate.versions.policy import Verdict, decide

    keep = [
        tuple(r for r in p.retired if decide(r, judged, options.bump, options.deprecations).verdict is Verdict.APPLY)
        for p in packs
    ]
    return tuple(replace(p, retired=kept) for p, kept in zip(packs, keep, strict=True))


def _report_held(
    settings: api.Settings,
    decisions: Sequence[Decision],
    results: tuple[FileResult, ...],
    shadow_plan: Callable[[tuple[RulePack, ...]], api.Plan],
) -> tuple[FileResult, ...]:
    """Run the rules that do not apply without writing (``shadow_plan``), and report each change
    they would make."""
    from cfgmigrate.versions.policy import Verdict

    held = [d for d in decisions if d.verdict is not Verdict.APPLY]
    if not held:
        return results
    packs = tuple(
        replace(p, retired=()) for p in _keep(settings.packs, held, Verdict.HELD_BACK, Verdict.DEPRECATION_ONLY) if p.rules
    )
    shadow = shadow_plan(packs)
    reason = {d.rule.id: d for d in held}
    notes: dict[str, list[Diagnostic]] = {}
    for r in shadow.results:
        if r.status is Status.CHANGED:
            notes[r.path] = [_held_note(r.path, c.line, c.rule, c.message, reason[c.rule]) for c in r.changes]
    out = [replace(r, diagnostics=r.diagnostics + tuple(notes.pop(r.path, []))) for r in results]
    return tuple(out) + tuple(FileResult(p, Status.UNCHANGED, diagnostics=tuple(d)) for p, d in sorted(notes.items()))


def _held_note(path: str, line: int, rule: str, change: str, decision: Decision) -> Diagnostic:
    from cfgmigrate.versions.policy import Verdict

    severity = Severity.INFO if decision.verdict is Verdict.DEPRECATION_ONLY else Severity.WARNING
    return Diagnostic(path, line, rule, f"not applied: {change}: {decision.reason}", severity)


def _needed(decisions: Sequence[Decision]) -> dict[str, tuple[Version, str]]:
    """Per distribution, the newest ``since`` among the rules that apply and changed something, and
    the rules that say it (a pin already at or above it is left alone)."""
    from packaging.version import Version

    from cfgmigrate.versions.policy import Verdict

    since: dict[str, dict[Version, set[str]]] = {}
    for d in decisions:
        if d.verdict is Verdict.APPLY:
            for f in d.rule.versions:
                if f.since:
                    since.setdefault(f.distribution, {}).setdefault(Version(f.since), set()).add(d.rule.id)
    out = {}
    for name, by_version in since.items():
        top = max(by_version)
        out[name] = (top, "needed by " + ", ".join(sorted(by_version[top])))
    return out


def _with_target_notes(root: Path, judged: tuple[Judged, ...]) -> tuple[Judged, ...]:
    """A --target says which declared pins it overrides (they stay as written unless --bump)."""
    from cfgmigrate.versions.project import declared_pins

    out = []
    for j in judged:
        if j.pins and j.pins[0].kind == "--target":
            declared = [p for p in declared_pins(root, frozenset([j.distribution])) if p.specifier]
            if declared:
                pins = ", ".join(f"{p.text or p.describe()} ({p.where})" for p in declared)
                j = replace(j, note=f"overrides the project's {pins}")
        out.append(j)
    return tuple(out)
