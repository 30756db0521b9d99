"""Helpers shared by the CLI commands: loading packs, printing diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click


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
            click.echo(d.render(), err=True)
        sys.exit(2)
    return tuple(packs)


def print_diagnostics(plan, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    for r in plan.results:
        for d in r.diagnostics:
            click.echo(d.render(), err=True)
        if verbose and r.reason:
            click.echo(f"{r.path}: skipped: {r.reason}", err=True)
    if verbose:
        for rel, reason in plan.discovery.skipped:
            click.echo(f"{rel}: skipped: {reason}", err=True)


def print_versions(plan, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Per distribution the packs name: the range judged and where it came from (always said when
    no pin was found, since then the run assumed a version)."""
    for judged in plan.versions:
        if verbose or not judged.pins or judged.source.value in ("default", "installed"):
            click.echo(f"versions: {judged.describe()}", err=True)
