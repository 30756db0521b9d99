"""Helpers shared by the CLI commands: loading packs, printing diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import ExitCode


def load_packs(rule_files: Sequence[Path], pack_names: Sequence[str], reverse: bool = False):  # type: ignore[no-untyped-def]
    """Load every pack named on the command line; print all problems and exit 2 on any."""
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


def print_notes(plan) -> None:  # type: ignore[no-untyped-def]
    """What the user should know even without -v (a file named on the command line that git ignores)."""
    for rel, note in getattr(plan.discovery, "notes", ()):
        say(f"{rel}: note: {note}")


def say(line: str, err: bool = True) -> None:
    """Print one human-facing line, its control characters escaped (no forged lines, no
    terminal codes from a file name, rule id or message)."""
    click.echo(escape_controls(line), err=err)
