"""``apply``'s entry points: the packs, a plan under the version policy, ``--check``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from cfgmigrate.api import planning
from cfgmigrate.api.model import Plan, Settings
from cfgmigrate.errors import CfgmigrateError
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Diagnostic, ExitCode, Status


def plan(settings: Settings, progress: Callable[[int, int], None] | None = None, versions: Any = None) -> Plan:
    """Discover files, run every pack's rules through the engines, return the per-file results;
    nothing is written. ``versions`` (:class:`cfgmigrate.versions.run.VersionOptions`): judge the
    rules at the project's supported versions first (docs/versions.md)."""
    if versions is None:
        return planning.plan(settings, progress)
    from cfgmigrate.versions.run import plan as versioned_plan

    return versioned_plan(settings, versions, progress)


@dataclass(frozen=True)
class Checked:
    """``apply --check``: what would change, and the exit code that says so."""

    plan: Plan

    @property
    def pending(self) -> tuple[str, ...]:
        return tuple(r.path for r in self.plan.results if r.status is Status.CHANGED)

    @property
    def exit_code(self) -> ExitCode:
        return self.plan.exit_code(check=True)


def check(settings: Settings, progress: Callable[[int, int], None] | None = None, versions: Any = None) -> Checked:
    """Plan without writing; exit 1 when changes are pending, 2 on errors (``apply --check``)."""
    return Checked(plan(settings, progress, versions))


def load_packs(
    rule_files: Sequence[Path],
    pack_names: Sequence[str] = (),
    reverse: bool = False,
    root: Callable[[], Path] | None = None,
    to_apply: bool = False,
) -> tuple[RulePack, ...]:
    """Every pack named (built-in ones by name, then files), inverted with ``reverse``; one
    :class:`~cfgmigrate.errors.CfgmigrateError` carries every problem of them all. With ``root``
    (asked only when a pack has ``targets:``), each pack's rules are checked against its ``targets:``
    classes read from the project, before any reversal. Packs ``to_apply`` may not be templates."""
    from cfgmigrate.pack_cache import load_builtin_pack, load_pack

    packs: list[RulePack] = []
    problems: list[Diagnostic] = []
    loads: list[Callable[[], RulePack]] = [partial(load_builtin_pack, name) for name in pack_names]
    loads += [partial(load_pack, path, str(path)) for path in rule_files]
    for load in loads:
        try:
            packs.append(load())
        except CfgmigrateError as e:
            problems.extend(e.diagnostics)
    problems += [
        Diagnostic(p.path, p.template[1], "", f"{p.name} is a template, not applied as it is: {p.template[0]}")
        for p in packs
        if p.template[0] and to_apply
    ]
    if not problems and root is not None and any(pack.targets for pack in packs):
        from cfgmigrate.targets import problems as target_problems

        where = root()
        problems = [d for pack in packs for d in target_problems(pack, where)]
    if not problems and reverse:
        from cfgmigrate.reverse import reverse_pack

        try:
            packs = [reverse_pack(p) for p in packs]
        except CfgmigrateError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise CfgmigrateError(problems)
    return tuple(packs)
