"""Helpers shared by the CLI commands: loading packs, printing diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import HELD, ExitCode


def load_packs(  # type: ignore[no-untyped-def]
    rule_files: Sequence[Path],
    pack_names: Sequence[str],
    reverse: bool = False,
    root: Callable[[], Path] | None = None,
    to_apply: bool = False,
):
    """:func:`cfgmigrate.api.load_packs` for the command line: print every problem and exit 2 on any."""
    from cfgmigrate import api
    from cfgmigrate.errors import CfgmigrateError

    try:
        return api.load_packs(rule_files, pack_names, reverse, root, to_apply)
    except CfgmigrateError as e:
        for d in e.diagnostics:
            say(d.render())
        sys.exit(ExitCode.ERROR)


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
