"""One repository of a campaign, migrated through the library API: a value in, a value out.

``run_job`` runs wherever the executor puts it (a local worker process, a Ray task on another
machine): it returns the report and patch as text, and the campaign's driver writes them.
It never raises for a bad repository; a failure worth another attempt is marked ``retryable``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from cfgmigrate import api
from cfgmigrate.batch.checkout import BranchError, CheckoutError, checkout, commit_to_branch, remove_clone
from cfgmigrate.batch.sources import Source
from cfgmigrate.render import render
from cfgmigrate.rules import RulePack
from cfgmigrate.versions.run import VersionOptions
from cfgmigrate.versions.run import plan as versioned_plan

DONE, FAILED = "done", "failed"


@dataclass(frozen=True)
class RepoJob:
    source: Source
    packs: tuple[RulePack, ...]
    key: str  # the campaign's key for this repository (packs + source): what resumption compares
    work_dir: str  # where URLs are cloned (on the machine that runs the job)
    branch: str = ""  # commit the patch to this new branch when set
    message: str = ""  # its commit message


@dataclass(frozen=True)
class RepoOutcome:
    """What a campaign records for one repository (``report``/``patch`` are text, not paths)."""

    name: str
    location: str
    state: str  # DONE, or FAILED (could not be checked out, crashed, timed out)
    key: str
    files_changed: int = 0
    changes: int = 0
    leftovers: int = 0  # what the packs could not do and reported for a person (warnings)
    errors: int = 0
    report: str = ""
    patch: str = ""
    branch: str = ""  # the branch made, when asked for and there were changes
    message: str = ""  # why it failed, or why no branch was made
    retryable: bool = False

    def counts(self) -> dict[str, int]:
        return {"files_changed": self.files_changed, "changes": self.changes, "leftovers": self.leftovers, "errors": self.errors}


def run_job(job: RepoJob) -> RepoOutcome:
    try:
        root = checkout(job.source, Path(job.work_dir))
    except CheckoutError as e:
        return failed(job, str(e), retryable=True)
    try:
        outcome = _migrate(job, root)
        return _with_branch(outcome, job, root) if job.branch else outcome
    finally:
        if not job.branch:
            remove_clone(job.source, root)


def _migrate(job: RepoJob, root: Path) -> RepoOutcome:
    settings = api.Settings(paths=(root,), packs=job.packs, jobs=1, root=root, use_cache=False)
    plan = versioned_plan(settings, VersionOptions())  # each repository judged at its own pins (docs/versions.md)
    s = plan.summary
    return RepoOutcome(
        job.source.name,
        job.source.location,
        DONE,
        job.key,
        files_changed=s.files_changed,
        changes=s.changes,
        leftovers=s.warnings + s.notes,  # all a person should look at: warnings and notes
        errors=s.errors,
        report=render("json", plan),
        patch=render("diff", plan),
    )


def failed(job: RepoJob, message: str, retryable: bool) -> RepoOutcome:
    return RepoOutcome(job.source.name, job.source.location, FAILED, job.key, errors=1, message=message, retryable=retryable)


def _with_branch(outcome: RepoOutcome, job: RepoJob, root: Path) -> RepoOutcome:
    if not outcome.patch:
        return replace(outcome, message=f"no changes: branch {job.branch} not made")
    try:
        commit = commit_to_branch(root, outcome.patch, job.branch, job.message)
    except BranchError as e:
        return replace(outcome, errors=outcome.errors + 1, message=f"branch {job.branch} not made: {e}")
    return replace(outcome, branch=job.branch, message=f"branch {job.branch} at {commit[:12]} in {root}")
