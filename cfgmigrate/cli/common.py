"""Helpers shared by the CLI commands: loading packs, printing diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import HELD, Diagnostic, ExitCode


def load_packs(  # type: ignore[no-untyped-def]
    rule_files: Sequence[Path],
    pack_names: Sequence[str],
    reverse: bool = False,
    root: Callable[[], Path] | None = None,
    to_apply: bool = False,
):
    """Load every pack named on the command line; print all problems and exit 2 on any. With
    ``root`` (asked only when a pack has ``targets:``), each pack's ``targets:`` class is read from
    the project root and its rules checked against it, before any reversal. Packs ``to_apply``
    may not be templates (``template:``)."""
    from cfgmigrate.pack import PackError, load_builtin_pack, load_pack

    packs, problems = [], []
    for name in pack_names:
        try:
            packs.append(load_builtin_pack(name))
        except PackError as e:
            problems.extend(e.diagnostics)
    for path in rule_files:
        try:
            packs.append(load_pack(path, str(path)))
        except PackError as e:
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
        from cfgmigrate.reverse import ReverseError, reverse_pack

        try:
            packs = [reverse_pack(p) for p in packs]
        except ReverseError as e:
            problems.extend(e.diagnostics)
    if problems:
        for d in problems:
            say(d.render())
        sys.exit(ExitCode.ERROR)
    return tuple(packs)


def print_diagnostics(plan, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    for r in plan.results:
        for d in r.diagnostics:
            if verbose or d.kind != HELD:
                say(d.render())
        if verbose and r.reason:
            say(f"{r.path}: skipped: {r.reason}")
        if verbose:
            for c in r.suppressed:
                say(f"{r.path}:{c.line}: {c.rule}: suppressed: {c.message} ({c.reason})")
    for rel in plan.removed_temps:
        say(f"cfgmigrate: removed {rel}, a temp file left by a killed run")
    for rel in [t for t in plan.stale_temps if t not in plan.removed_temps]:
        say(f"cfgmigrate: {rel} is a temp file left by a killed run (`cfgmigrate apply` removes it)")
    if verbose:
        for rel, reason in plan.discovery.skipped:
            say(f"{rel}: skipped: {reason}")


def print_versions(plan, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Per distribution the packs name: the range judged and where it came from (always said when
    no pin was found, since then the run assumed a version)."""
    for judged in plan.versions:
        if verbose or not judged.pins or judged.source.value in ("default", "installed"):
            say(f"versions: {judged.describe()}")


def print_notes(plan) -> None:  # type: ignore[no-untyped-def]
    """What the user should know even without -v (a file named on the command line that git ignores)."""
    for rel, note in getattr(plan.discovery, "notes", ()):
        say(f"{rel}: note: {note}")


def say(line: str, err: bool = True) -> None:
    """Print one human-facing line, its control characters escaped (no forged lines, no
    terminal codes from a file name, rule id or message)."""
    click.echo(escape_controls(line), err=err)
