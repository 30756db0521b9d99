"""``cfgmigrate rules test``: run the example cases a pack carries.

A pack's cases live beside it: ``rules/tests/<pack>/<case>/{before/,after/}`` (``after/`` identical
to ``before/`` for a must-not-change case; ``<case>@transformers==4.55.0`` runs it at that version,
see docs/versions.md). Each case is applied to a temporary copy of ``before/``
and must give ``after/`` byte for byte, without errors; a second run must change nothing. When the
pack can be reversed (``apply --reverse``), every case that changes something is also run
backwards: the reversed pack applied to ``after/`` must give ``before/``.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from cfgmigrate import api
from cfgmigrate.reverse import ReverseError, reverse_pack
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Status
from cfgmigrate.versions.facts import newest_versions
from cfgmigrate.versions.model import lower_bound
from cfgmigrate.versions.run import VersionOptions, parse_targets
from cfgmigrate.versions.run import plan as versioned_plan

NOT_CASE_FILES = ("__pycache__", "*.pyc", "*.pyo")


@dataclass(frozen=True)
class CaseOutcome:
    name: str  # "<case>" or "<case> (reverse)"
    problem: str  # "" when the case passed


def cases_dir(pack_file: Path) -> Path:
    """Where the cases of the pack in ``pack_file`` live: ``<dir>/tests/<stem>/``."""
    return pack_file.parent / "tests" / pack_file.stem


def case_folders(pack_file: Path) -> list[Path]:
    root = cases_dir(pack_file)
    if not root.is_dir():
        return []
    return [c for c in sorted(root.iterdir()) if (c / "before").is_dir() and (c / "after").is_dir()]


def run_case(pack: RulePack, source: Path, expected: Path, options: VersionOptions | None = None) -> str:
    """'' when ``pack`` turns a copy of ``source`` into ``expected`` (and then stays put), else what
    went wrong. With ``options`` the run is under the version policy (docs/versions.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        shutil.copytree(source, work, ignore=shutil.ignore_patterns(*NOT_CASE_FILES))
        settings = api.Settings(paths=(work,), packs=(pack,), root=work)
        plan = api.write(versioned_plan(settings, options) if options else api.plan(settings))
        errors = [d.render() for r in plan.results for d in r.errors]
        if errors:
            return "; ".join(errors)
        got, want, was = _tree(work), _tree(expected), _tree(source)
        for name in sorted(want):
            if got.get(name) != want[name]:
                what = (
                    "missing change"
                    if got.get(name) == was.get(name)
                    else "unexpected change"
                    if want[name] == was.get(name)
                    else "wrong change"
                )
                return f"{name}: {what}{_first_difference(want[name], got.get(name))}"
        extra = sorted(set(got) - set(want))
        if extra:
            return f"unexpected files: {', '.join(extra)}"
        again = versioned_plan(settings, options) if options else api.plan(settings)
        twice = sorted(r.path for r in again.results if r.status is Status.CHANGED)
        if twice:
            return f"a second run changes {', '.join(twice)} again (not idempotent)"
    return ""


def run_pack(pack: RulePack, pack_file: Path) -> list[CaseOutcome]:
    """Every case of the pack, forwards; and backwards too when the pack can be reversed."""
    try:
        backwards: RulePack | None = reverse_pack(pack)
    except ReverseError:
        backwards = None
    outcomes = []
    for case in case_folders(pack_file):
        options = case_options(case.name) if pack.distributions else None
        outcomes.append(CaseOutcome(case.name, run_case(pack, case / "before", case / "after", options)))
        if backwards is not None and _tree(case / "before") != _tree(case / "after"):
            outcomes.append(CaseOutcome(f"{case.name} (reverse)", run_case(backwards, case / "after", case / "before")))
    outcomes += [
        CaseOutcome(f"versions {gap}", "no case in this range: name one `<case>@NAME==VERSION`")
        for gap in coverage_gaps(pack, pack_file)
    ]
    return outcomes


def case_options(folder: str) -> VersionOptions:
    """``case@transformers==4.55.0,trl==0.11.0`` (and the token ``bump``) -> the run's options;
    cases run with --deprecations, and a distribution not named is at the newest version known."""
    tokens = [t for t in folder.partition("@")[2].split(",") if t]
    targets = tuple(t for t in tokens if t != "bump")
    return VersionOptions(targets, bump="bump" in tokens, deprecations=True, installed=_not_installed)


def _not_installed(name: str) -> str | None:
    return None  # a case is judged by its folder name and its own files, never by this environment


def coverage_gaps(pack: RulePack, pack_file: Path) -> list[str]:
    """Per distribution, the ranges between consecutive ``since`` versions that no case runs in."""
    newest = newest_versions(pack.rules)
    gaps = []
    for name in pack.distributions:
        bounds = sorted({Version(f.since) for r in pack.rules for f in r.versions if f.distribution == name and f.since})
        at = [_case_version(c.name, name, newest.get(name)) for c in case_folders(pack_file)]
        edges = [None, *bounds, None]
        for low, high in zip(edges, edges[1:], strict=False):
            if bounds and not any(v is not None and (low is None or v >= low) and (high is None or v < high) for v in at):
                gaps.append(f"{name}: " + (f"below {high}" if low is None else f">={low}" + (f",<{high}" if high else "")))
    return gaps


def _case_version(folder: str, name: str, newest: Version | None) -> Version | None:
    targets = parse_targets(case_options(folder).targets)
    return lower_bound(SpecifierSet(targets[name])) if name in targets else newest


def _first_difference(want: bytes, got: bytes | None) -> str:
    if got is None:
        return " (file missing)"
    w, g = want.decode("utf-8", "replace").splitlines(), got.decode("utf-8", "replace").splitlines()
    for i, (a, b) in enumerate(zip(w, g, strict=False), 1):
        if a != b:
            return f" at line {i}: expected {a.strip()!r}, got {b.strip()!r}"
    if len(w) != len(g):
        return f": expected {len(w)} lines, got {len(g)}"
    return " (line endings or final newline differ)"


def _tree(root: Path) -> dict[str, bytes]:
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and not _byproduct(p.relative_to(root)))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def _byproduct(relpath: Path) -> bool:
    """Files an installer writes beside the shipped cases (pip byte-compiles every .py it installs)."""
    return any(fnmatch(part, pattern) for part in relpath.parts for pattern in NOT_CASE_FILES)
