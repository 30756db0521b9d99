"""``cfgmigrate batch``: options in, a Campaign to the library, one line per repository out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cfgmigrate.links import docs_url
from cfgmigrate.types import ExitCode

if TYPE_CHECKING:
    from cfgmigrate.batch.job import RepoOutcome
    from cfgmigrate.batch.local import LocalBackend
    from cfgmigrate.batch.ray_backend import RayBackend


EXAMPLES = f"""\b
Examples:
  cfgmigrate batch --repos repos.txt -p transformers-v5 --out campaign
  cfgmigrate batch ../svc-a https://github.com/org/svc-b.git -r pack.yaml --out campaign --branch migrate/v5
  cfgmigrate batch --repos repos.txt -p transformers-v5 --out campaign --executor ray --ray-address auto

\b
Docs: {docs_url("batch.md")}

\b
Exit codes:
  0  every repository done without errors
  2  a repository failed (clone, crash, timeout) or has errors; a bad pack or repository list"""


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.argument("repos", nargs=-1)
@click.option(
    "--repos",
    "repos_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file with one repository (path or git URL) per line.",
)
@click.option(
    "-r", "--rules", "rule_files", multiple=True, type=click.Path(path_type=Path), help="A rule pack file (repeatable)."
)
@click.option("-p", "--pack", "pack_names", multiple=True, help="A built-in pack by name (repeatable).")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (resumed when it exists).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Worker processes here, or Ray tasks.",
)
@click.option(
    "-j", "--jobs", type=int, default=0, help="Repositories at once (local executor, and a local Ray's CPUs; default: CPUs)."
)
@click.option(
    "--ray-address", default=None, help="Ray cluster to join (auto, HOST:6379, ray://HOST:10001); default: start a local Ray."
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Further attempts after a failed clone, crash or timeout.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(min=0, min_open=True),
    default=900,
    show_default=True,
    help="Seconds per repository and attempt.",
)
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where git URLs are cloned (default: OUT/.cfgmigrate-work).",
)
@click.option("--branch", default="", help="Also commit each repository's patch to this new branch (in its checkout).")
@click.option("--message", default="", help="Commit message for --branch (default: 'cfgmigrate: apply PACKS').")
def batch(
    repos: tuple[str, ...],
    repos_file: Path | None,
    rule_files: tuple[Path, ...],
    pack_names: tuple[str, ...],
    out_dir: Path,
    executor: str,
    jobs: int,
    ray_address: str | None,
    retries: int,
    timeout_s: float,
    work_dir: Path | None,
    branch: str,
    message: str,
) -> None:
    """Apply rule packs to many repositories (folders or git URLs, cloned shallowly): a report and a
    patch per repository under OUT/NAME/, and OUT/summary.json and OUT/summary.md."""
    from cfgmigrate.batch.campaign import Campaign, run_campaign
    from cfgmigrate.batch.schedule import Limits
    from cfgmigrate.batch.sources import SourceError, read_repos_file, resolve_sources
    from cfgmigrate.cli.apply_cmd import _cpus
    from cfgmigrate.cli.common import load_packs

    if not rule_files and not pack_names:
        raise click.UsageError("give at least one rule pack: -r FILE or -p NAME")
    packs = load_packs(rule_files, pack_names, to_apply=True)
    try:
        sources = resolve_sources([*repos, *(read_repos_file(repos_file) if repos_file else [])])
    except SourceError as e:
        click.echo(f"cfgmigrate batch: {e}", err=True)
        sys.exit(ExitCode.ERROR)
    if not sources:
        raise click.UsageError("give at least one repository: REPO... or --repos FILE")
    default_message = "cfgmigrate: apply " + ", ".join(p.name for p in packs)
    campaign = Campaign(tuple(sources), packs, out_dir, work_dir, branch, message or default_message, Limits(retries, timeout_s))
    backend = _backend(executor, ray_address, jobs or _cpus())
    try:
        result = run_campaign(campaign, backend, _print_outcome)
    except SourceError as e:
        click.echo(f"cfgmigrate batch: {e}", err=True)
        sys.exit(ExitCode.ERROR)
    finally:
        backend.close()
    _print_totals(result.summary["totals"], len(result.skipped), out_dir)
    sys.exit(ExitCode.ERROR if result.failed else ExitCode.CLEAN)


def _backend(executor: str, ray_address: str | None, jobs: int) -> LocalBackend | RayBackend:
    if executor == "local":
        from cfgmigrate.batch.local import LocalBackend

        return LocalBackend(jobs)
    from cfgmigrate.batch.ray_backend import RayBackend, RayUnavailable

    try:
        return RayBackend(ray_address, jobs)
    except RayUnavailable as e:
        click.echo(f"cfgmigrate batch: {e}", err=True)
        sys.exit(ExitCode.ERROR)


def _print_outcome(outcome: RepoOutcome, resumed: bool) -> None:
    if resumed:
        click.echo(f"{outcome.name}: done in an earlier run; skipped", err=True)
    elif outcome.state != "done":
        click.echo(f"{outcome.name}: failed: {outcome.message}", err=True)
    else:
        note = f"; {outcome.message}" if outcome.message else ""
        click.echo(
            f"{outcome.name}: {outcome.files_changed} files changed ({outcome.changes} changes), "
            f"{outcome.leftovers} leftovers, {outcome.errors} errors{note}",
            err=True,
        )


def _print_totals(totals: dict[str, int], skipped: int, out_dir: Path) -> None:
    click.echo(
        f"cfgmigrate batch: {totals['repositories']} repositories ({skipped} done earlier, {totals['failed']} failed), "
        f"{totals['files_changed']} files changed ({totals['changes']} changes), {totals['leftovers']} leftovers, "
        f"{totals['errors']} errors; summary in {out_dir / 'summary.md'}",
        err=True,
    )
