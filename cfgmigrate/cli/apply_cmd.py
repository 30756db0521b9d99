"""``cfgmigrate apply``: options in, a Settings object to the library, results out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cfgmigrate.cli import help_text

FORMAT_NAMES = ("diff", "json", "markdown", "sarif", "github")


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=help_text.APPLY)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
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
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the report in FORMAT (json, markdown, sarif, github, diff) to FILE (repeatable): one run, several reports.",
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
@click.option(
    "-v", "--verbose", is_flag=True, help="Also list skipped files, suppressed changes, the version ranges judged and why."
)
@click.option("-q", "--quiet", is_flag=True, help="Print problems only: no summary line, no progress bar, no notes.")
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    help="Colour diffs: auto (on a terminal, unless NO_COLOR is set), always, never.",
)
@click.option("--no-config", is_flag=True, help="Ignore [tool.cfgmigrate] in pyproject.toml and .cfgmigrate.yaml.")
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="With PATH '-': the file the text on stdin belongs to (its rules, its project); the result goes to stdout.",
)
def apply(  # type: ignore[no-untyped-def]
    paths,
    rule_files,
    pack_names,
    dry_run,
    check,
    fmt,
    reports,
    jobs,
    exclude,
    root,
    reverse,
    no_cache,
    targets,
    bump,
    deprecations,
    verbose,
    quiet,
    color,
    no_config,
    stdin_filename,
) -> None:
    """Apply rule packs to the config files and Python code under PATHS (default: .; '-': stdin)."""
    from cfgmigrate import api
    from cfgmigrate.cli.common import load_packs, print_diagnostics, print_notes, print_versions
    from cfgmigrate.cli.project_options import Options, merged
    from cfgmigrate.versions.run import VersionOptions

    if dry_run and check:
        raise click.UsageError("--dry-run and --check cannot be used together")
    stdin = _reads_stdin(paths, stdin_filename)
    start = stdin_filename if stdin else paths[0] if paths else Path(".")
    given = Options(tuple(rule_files), tuple(pack_names), tuple(exclude), fmt)
    options = given if no_config else merged(start, rule_files, pack_names, exclude, fmt)
    if not options.rule_files and not options.pack_names:
        raise click.UsageError("give at least one rule pack: -r FILE or -p NAME (or packs/rules in [tool.cfgmigrate])")
    settings = api.Settings(
        paths=tuple(paths) or (Path("."),),
        packs=load_packs(
            options.rule_files,
            options.pack_names,
            reverse,
            lambda: _root_of(root, (stdin_filename,) if stdin else tuple(paths) or (Path("."),)),
            to_apply=True,
        ),
        jobs=jobs or _cpus(),
        excludes=options.exclude,
        root=root,
        use_cache=not no_cache,
        per_file_ignores=options.per_file_ignores,
    )
    mode = "dry-run" if dry_run else "check" if check else "write"
    report_files = _report_files(reports)
    wanted = (*options.target, *targets)  # the project config's versions first; --target adds to them
    versions = None if reverse else VersionOptions(wanted, bump, deprecations)
    if stdin:
        from cfgmigrate.cli.stdin_mode import migrate_stdin

        plan, _ = migrate_stdin(settings, stdin_filename, mode, options.fmt, verbose, versions)
    else:
        plan = _run_on_files(settings, mode, options.fmt, color, quiet, versions)
        print_diagnostics(plan, verbose)
    print_versions(plan, verbose)
    _write_reports(plan, report_files)
    if not quiet:
        print_notes(plan)
        _print_summary(plan, mode != "write")
    sys.exit(int(plan.exit_code(check=check)))


def _report_files(reports: tuple[str, ...]) -> list[tuple[str, Path]]:
    out = []
    for spec in reports:
        fmt, sep, path = spec.partition("=")
        if not sep or not path or fmt not in FORMAT_NAMES:
            raise click.UsageError(f"--report takes FORMAT=FILE with FORMAT one of {', '.join(FORMAT_NAMES)}, not {spec!r}")
        out.append((fmt, Path(path)))
    return out


def _write_reports(plan, report_files: list[tuple[str, Path]]) -> None:  # type: ignore[no-untyped-def]
    from cfgmigrate.render import render

    for fmt, path in report_files:
        path.write_text(render(fmt, plan), encoding="utf-8")


def _reads_stdin(paths: tuple[Path, ...], stdin_filename: Path | None) -> bool:
    if Path("-") not in paths:
        if stdin_filename is not None:
            raise click.UsageError("--stdin-filename goes with the PATH '-' (read the text from stdin)")
        return False
    if len(paths) > 1:
        raise click.UsageError("'-' (stdin) cannot be combined with other paths")
    if stdin_filename is None:
        raise click.UsageError("'-' reads stdin: give --stdin-filename PATH, the file the text belongs to")
    return True


def _run_on_files(settings, mode: str, fmt: str | None, color: str, quiet: bool, versions=None):  # type: ignore[no-untyped-def]
    """Plan under the version policy (docs/versions.md; none with --reverse), write unless
    previewing, then print the diff, report or pending list on stdout."""
    from cfgmigrate import api
    from cfgmigrate.errors import SettingsError
    from cfgmigrate.progress import progress_bar
    from cfgmigrate.render import render

    try:
        with progress_bar(enabled=not quiet and color != "never") as progress:
            checked = api.check(settings, progress, versions) if mode == "check" else None
            plan = checked.plan if checked else api.plan(settings, progress, versions)
    except SettingsError as e:  # a --target that is not NAME==VERSION
        raise click.UsageError(e.message) from None
    if mode == "write":
        plan = api.write(plan)
    if fmt or mode == "dry-run":
        out = render(fmt or "diff", plan)
        if out:
            coloured = (fmt or "diff") == "diff" and _colour_wanted(color)
            click.echo(_coloured(out) if coloured else out, nl=False, color=True if coloured else None)
    elif checked and not quiet:
        _print_pending(checked)
    return plan


def _root_of(root: Path | None, paths: tuple[Path, ...]) -> Path:
    """The project root the run will use (``--root``, else the git work tree, else the folder of the paths)."""
    from cfgmigrate.discover import run_root
    from cfgmigrate.errors import SettingsError

    try:
        return run_root(paths, root)
    except SettingsError as e:
        raise click.UsageError(e.message) from None


def _cpus() -> int:
    """CPUs this process may run on (a container's share, not the host's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _colour_wanted(choice: str = "auto") -> bool:
    """``--color``: always, never, or (auto) only on a terminal and never with NO_COLOR set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
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


def _print_pending(checked) -> None:  # type: ignore[no-untyped-def]
    from cfgmigrate.cli.common import say

    by_path = {r.path: r for r in checked.plan.results}
    for path in checked.pending:
        n = len(by_path[path].changes)
        say(f"would change {path} ({n} change{'s' if n != 1 else ''})", err=False)


def _print_summary(plan, preview: bool) -> None:  # type: ignore[no-untyped-def]
    s = plan.summary
    verb = "would change" if preview else "changed"
    click.echo(
        f"cfgmigrate: {s.files_scanned} files scanned, {s.files_parsed} parsed, "
        f"{s.files_changed} {verb} ({s.changes} changes), {s.errors} errors, {s.warnings} warnings"
        + (f", {s.notes} notes" if s.notes else "")
        + (f" ({s.leftovers} leftovers: retired names still in scope)" if s.leftovers else "")
        + (f", {s.suppressed} suppressed" if s.suppressed else "")
        + (f", {s.held} left by `unless` conditions (-v lists them)" if s.held else ""),
        err=True,
    )
