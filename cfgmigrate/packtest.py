"""``cfgmigrate rules test``: run the example cases a pack carries.

A pack's cases live beside it: ``rules/tests/<pack>/<case>/{before/,after/}`` (``after/`` identical
to ``before/`` for a must-not-change case). Each case is applied to a temporary copy of ``before/``
and must give ``after/`` byte for byte; a second run must change nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cfgmigrate import api
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Status


@dataclass(frozen=True)
class CaseOutcome:
    name: str
    problem: str  # "" when the case passed


def cases_dir(pack_file: Path) -> Path:
    return pack_file.parent / "tests" / pack_file.stem


def run_case(pack: RulePack, case: Path) -> str:
    """'' when the case passes, else what went wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        shutil.copytree(case / "before", work)
        settings = api.Settings(paths=(work,), packs=(pack,), root=work)
        plan = api.write(api.plan(settings))
        errors = [d.render() for r in plan.results for d in r.errors]
        if errors:
            return "; ".join(errors)
        for name, want in sorted(_tree(case / "after").items()):
            got = _tree(work).get(name)
            if got != want:
                return f"{name}: {'missing' if _tree(case / 'before').get(name) != want else 'noisy'} change"
        extra = sorted(set(_tree(work)) - set(_tree(case / "after")))
        if extra:
            return f"unexpected files: {', '.join(extra)}"
        again = api.plan(settings)
        if any(r.status is Status.CHANGED for r in again.results):
            return "a second run changes files again (not idempotent)"
    return ""


def run_pack(pack: RulePack, pack_file: Path) -> list[CaseOutcome]:
    root = cases_dir(pack_file)
    if not root.is_dir():
        return []
    return [CaseOutcome(c.name, run_case(pack, c)) for c in sorted(root.iterdir()) if (c / "before").is_dir()]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
