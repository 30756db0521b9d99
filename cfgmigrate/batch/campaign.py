"""A campaign: the same packs over many repositories, resumable from the folder it writes.

``run_campaign`` skips the repositories already done under the same packs, runs the rest on the
backend it is given, writes each outcome as it arrives and the summary at the end (covering every
repository, the skipped ones included, in the order given).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.batch import outputs
from cfgmigrate.batch.job import RepoJob, RepoOutcome
from cfgmigrate.batch.schedule import Backend, Limits, schedule
from cfgmigrate.batch.sources import Source, SourceError
from cfgmigrate.rules import RulePack

WORK_FOLDER = ".cfgmigrate-work"  # default home of the clones, inside the output folder


@dataclass(frozen=True)
class Campaign:
    sources: tuple[Source, ...]
    packs: tuple[RulePack, ...]
    out_dir: Path
    work_dir: Path | None = None  # default: OUT_DIR/.cfgmigrate-work
    branch: str = ""
    message: str = ""
    limits: Limits = Limits()


@dataclass(frozen=True)
class CampaignResult:
    outcomes: tuple[RepoOutcome, ...]
    skipped: tuple[str, ...]  # names done in an earlier run
    summary: dict[str, Any]

    @property
    def failed(self) -> bool:
        return any(o.errors for o in self.outcomes)


def run_campaign(
    campaign: Campaign, backend: Backend, on_outcome: Callable[[RepoOutcome, bool], None] | None = None
) -> CampaignResult:
    """Run every repository not yet done; ``on_outcome(outcome, resumed)`` hears of each one."""
    _check_names(campaign.sources)
    outputs.sweep(campaign.out_dir)
    jobs = [_job(campaign, s) for s in campaign.sources]
    outcomes: dict[str, RepoOutcome] = {}
    for job in jobs:
        earlier = outputs.finished(campaign.out_dir, job.source.name, job.key)
        if earlier is not None:
            outcomes[job.source.name] = earlier
            if on_outcome:
                on_outcome(earlier, True)
    skipped = tuple(outcomes)

    def record(outcome: RepoOutcome) -> None:
        outputs.write_outcome(campaign.out_dir, outcome)
        outcomes[outcome.name] = outcome
        if on_outcome:
            on_outcome(outcome, False)

    schedule([j for j in jobs if j.source.name not in outcomes], backend, campaign.limits, record)
    with contextlib.suppress(OSError):  # the clones' folder, once empty (no branch was asked for)
        Path(jobs[0].work_dir).rmdir() if jobs else None
    ordered = tuple(outcomes[s.name] for s in campaign.sources)
    summary = outputs.write_summary(campaign.out_dir, ordered, [p.name for p in campaign.packs])
    return CampaignResult(ordered, skipped, summary)


def _job(campaign: Campaign, source: Source) -> RepoJob:
    work_dir = campaign.work_dir or campaign.out_dir / WORK_FOLDER
    return RepoJob(
        source,
        campaign.packs,
        campaign_key(campaign.packs, source, campaign.branch),
        str(work_dir.resolve()),
        campaign.branch,
        campaign.message,
    )


def campaign_key(packs: Sequence[RulePack], source: Source, branch: str) -> str:
    """Same packs, same repository, same branch request: the same piece of work."""
    text = "\n".join([source.location, branch, *(repr(p) for p in packs)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _check_names(sources: Sequence[Source]) -> None:
    for s in sources:
        if s.name in outputs.RESERVED or s.name == WORK_FOLDER:
            raise SourceError(f"{s.location}: its output folder would be {s.name!r}, a name the campaign uses itself")
