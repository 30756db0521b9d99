"""``cfgmigrate apply``: options in, a Settings object to the library, results out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cfgmigrate.cli import help_text

FORMAT_NAMES = ("diff", "json", "markdown", "sarif", "github")


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=help_text.APPLY)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-r", "--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), help="A rule pack file (repeatable)."
)
@click.option(
    "-p", "--pack", "pack_names", multiple=True, help="A built-in pack by name (repeatable; see `cfgmigrate rules list`)."
)
@click.option("--dry-run", is_flag=True, help="Print what would change (a unified diff by default); write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when changes are pending.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None, help="Output format (default: diff for --dry-run)."
)
@click.option("-j", "--jobs", type=int, default=0, help="Worker processes (default: number of CPUs).")
@click.option("--exclude", multiple=True, help="Glob of files to leave alone (repeatable).")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project root that pack paths are relative to (default: the git work tree, else PATH).",
)
@click.option("--reverse", is_flag=True, help="Apply the inverse of each pack (renames and moves backwards).")
@click.option("--no-cache", is_flag=True, help="Parse every file even if the cache knows it is clean.")
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="NAME==VER",
    help="Judge rules at this version or PEP 440 range of a distribution instead of the project's pins (repeatable).",
)
@click.option("--bump", is_flag=True, help="Apply rules that need a newer version, and raise the project's pin in the same diff.")
@click.option("--deprecations", is_flag=True, help="Also apply rules that only silence a deprecation warning.")
@click.option("-v", "--verbose", is_flag=True, help="Also list skipped files and the version ranges judged.")
def apply(  # type: ignore[no-untyped-def]
    paths,
    rule_files,
    pack_names,
    dry_run,
    check,
    fmt,
    jobs,
    exclude,
    root,
    reverse,
    no_cache,
    targets,
    bump,
    deprecations,
    verbose,
) -> None:
    """Apply rule packs to the config files and Python code under PATHS (default: .)."""
    from cfgmigrate import api
    from cfgmigrate.cli.common import load_packs, print_diagnostics, print_versions
    from cfgmigrate.render import render

    if dry_run and check:
        raise click.UsageError("--dry-run and --check cannot be used together")
    if not rule_files and not pack_names:
        raise click.UsageError("give at least one rule pack: -r FILE or -p NAME")
    packs = load_packs(rule_files, pack_names, reverse)
    settings = api.Settings(
        paths=tuple(paths) or (Path("."),),
        packs=packs,
        jobs=jobs or _cpus(),
        excludes=tuple(exclude),
        root=root,
        use_cache=not no_cache,
    )
    from cfgmigrate.progress import progress_bar
    from cfgmigrate.versions.run import TargetError, VersionOptions
    from cfgmigrate.versions.run import plan as versioned_plan

    options = VersionOptions(tuple(targets), bump, deprecations)
    try:
        with progress_bar() as progress:
            plan = api.plan(settings, progress) if reverse else versioned_plan(settings, options, progress)
    except TargetError as e:
        raise click.UsageError(str(e)) from None
    if not dry_run and not check:
        plan = api.write(plan)
    if fmt or dry_run:
        out = render(fmt or "diff", plan)
        if out:
            click.echo(_coloured(out) if (fmt or "diff") == "diff" and _colour_wanted() else out, nl=False)
    elif check:
        _print_pending(plan)
    print_diagnostics(plan, verbose)
    print_versions(plan, verbose)
    _print_summary(plan, dry_run or check)
    sys.exit(int(plan.exit_code(check=check)))


def _cpus() -> int:
    """CPUs this process may run on (a container's share, not the host's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _colour_wanted() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


DIFF_STYLES: tuple[tuple[str, dict[str, object]], ...] = (
    ("+++", {"bold": True}),
    ("---", {"bold": True}),
    ("diff ", {"bold": True}),
    ("@@", {"fg": "cyan"}),
    ("+", {"fg": "green"}),
    ("-", {"fg": "red"}),
)


def _coloured(diff: str) -> str:
    """The diff with git's colours (the text a pipe gets stays plain: see _colour_wanted)."""
    out = []
    for line in diff.splitlines(keepends=True):
        style = next((s for prefix, s in DIFF_STYLES if line.startswith(prefix)), None)
        body = line.rstrip("\n")
        out.append(click.style(body, **style) + line[len(body) :] if style else line)  # type: ignore[arg-type]
    return "".join(out)


def _print_pending(plan) -> None:  # type: ignore[no-untyped-def]
    from cfgmigrate.cli.common import say
    from cfgmigrate.types import Status

    for r in plan.results:
        if r.status is Status.CHANGED:
            say(f"would change {r.path} ({len(r.changes)} change{'s' if len(r.changes) != 1 else ''})", err=False)


def _print_summary(plan, preview: bool) -> None:  # type: ignore[no-untyped-def]
    s = plan.summary
    verb = "would change" if preview else "changed"
    click.echo(
        f"cfgmigrate: {s.files_scanned} files scanned, {s.files_parsed} parsed, "
        f"{s.files_changed} {verb} ({s.changes} changes), {s.errors} errors, {s.warnings} warnings"
        + (f" ({s.leftovers} leftovers: retired names still in scope)" if s.leftovers else ""),
        err=True,
    )
