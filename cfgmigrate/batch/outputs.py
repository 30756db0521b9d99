"""The folder a campaign leaves: ``NAME/`` per repository, ``summary.json`` and ``summary.md``.

Per repository: ``report.json`` (the ``apply --format json`` report), ``changes.patch`` (for
``git apply``, only when something changed) and ``outcome.json`` (counts, state, the campaign key).
Each folder is written aside and renamed into place, so a folder that exists is complete: a
repository whose ``outcome.json`` says done under the same key is skipped when the campaign resumes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cfgmigrate.batch.job import DONE, RepoOutcome

REPORT, PATCH, OUTCOME = "report.json", "changes.patch", "outcome.json"
SUMMARY_JSON, SUMMARY_MD = "summary.json", "summary.md"
RESERVED = {SUMMARY_JSON, SUMMARY_MD}


def write_outcome(out_dir: Path, outcome: RepoOutcome) -> None:
    """Replace ``out_dir/NAME`` with this outcome's files, all at once."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outcome.name}.", suffix=".partial", dir=out_dir))
    if outcome.state == DONE:
        (staging / REPORT).write_text(outcome.report, encoding="utf-8")
        if outcome.patch:
            (staging / PATCH).write_text(outcome.patch, encoding="utf-8")
    record = {k: v for k, v in asdict(outcome).items() if k not in ("report", "patch", "retryable")}
    (staging / OUTCOME).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    final = out_dir / outcome.name
    if final.exists():
        old = final.with_name(f".{outcome.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old)
    else:
        os.replace(staging, final)


def sweep(out_dir: Path) -> None:
    """Remove what an interrupted run left half-written (staging folders, replaced folders)."""
    for leftover in [*out_dir.glob(".*.partial"), *out_dir.glob(".*.old")]:
        shutil.rmtree(leftover, ignore_errors=True)


def finished(out_dir: Path, name: str, key: str) -> RepoOutcome | None:
    """The outcome a previous run recorded for this repository, if it is done under this key."""
    folder = out_dir / name
    try:
        record = json.loads((folder / OUTCOME).read_text(encoding="utf-8"))
        if record.get("state") != DONE or record.get("key") != key:
            return None
        patch = (folder / PATCH).read_text(encoding="utf-8") if (folder / PATCH).exists() else ""
        return RepoOutcome(**record, report=(folder / REPORT).read_text(encoding="utf-8"), patch=patch)
    except (OSError, ValueError, TypeError):
        return None  # absent, partial or from another version: run it again


def write_summary(out_dir: Path, outcomes: Sequence[RepoOutcome], packs: Sequence[str]) -> dict[str, Any]:
    data = summary_data(outcomes, packs)
    (out_dir / SUMMARY_JSON).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (out_dir / SUMMARY_MD).write_text(summary_markdown(outcomes), encoding="utf-8")
    return data


def summary_data(outcomes: Sequence[RepoOutcome], packs: Sequence[str]) -> dict[str, Any]:
    rows = [_row(o) for o in outcomes]
    totals = {k: sum(o.counts()[k] for o in outcomes) for k in ("files_changed", "changes", "leftovers", "errors")}
    totals |= {"repositories": len(outcomes), "failed": sum(o.state != DONE for o in outcomes)}
    return {"packs": list(packs), "repositories": rows, "totals": totals}


def _row(o: RepoOutcome) -> dict[str, Any]:
    return {
        "name": o.name,
        "location": o.location,
        "state": o.state,
        **o.counts(),
        "report": f"{o.name}/{REPORT}" if o.state == DONE else None,
        "patch": f"{o.name}/{PATCH}" if o.patch else None,
        "branch": o.branch or None,
        "message": o.message or None,
    }


def summary_markdown(outcomes: Sequence[RepoOutcome]) -> str:
    lines = ["| repository | files changed | changes | leftovers | errors |", "|---|---:|---:|---:|---:|"]
    for o in outcomes:
        errors = f"{o.errors} (failed)" if o.state != DONE else str(o.errors)
        lines.append(f"| {_cell(o.name)} | {o.files_changed} | {o.changes} | {o.leftovers} | {errors} |")
    notes = [f"- **{_cell(o.name)}**: {_cell(o.message)}" for o in outcomes if o.message]
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
