"""Find every pin a project puts on the distributions a pack names, and judge one range per
distribution: ``--target`` first, then declared requirements, lock files, vendored checkouts,
the installed distribution (a last resort, and said so), and else the newest version the pack knows."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from packaging.version import Version

from cfgmigrate.versions.checkout import checkout_dirs, read_checkout
from cfgmigrate.versions.conda import read_environment
from cfgmigrate.versions.locks import LOCK_FILES, read_lock
from cfgmigrate.versions.model import Judged, Pin, Source, lower_bound, upper_bound
from cfgmigrate.versions.pyproject import read_pyproject
from cfgmigrate.versions.requirements_txt import read_requirements
from cfgmigrate.versions.setup_files import read_setup_cfg, read_setup_py

Installed = Callable[[str], str | None]


def installed_version(name: str) -> str | None:
    """The version installed in the environment cfgmigrate runs in (not necessarily the project's)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def declared_pins(root: Path, wanted: frozenset[str]) -> list[Pin]:
    """Pins from pyproject.toml, requirements*.txt (and requirements/), setup.cfg, setup.py, environment.yml."""
    pins: list[Pin] = []
    if (root / "pyproject.toml").is_file():
        pins += read_pyproject(root, "pyproject.toml", wanted)
    seen: set[str] = set()
    for req in _requirement_files(root):
        pins += read_requirements(root, req, wanted, seen)
    if (root / "setup.cfg").is_file():
        pins += read_setup_cfg(root, "setup.cfg", wanted)
    if (root / "setup.py").is_file():
        pins += read_setup_py(root, "setup.py", wanted)
    for env in ("environment.yml", "environment.yaml"):
        if (root / env).is_file():
            pins += read_environment(root, env, wanted)
    return pins


def _requirement_files(root: Path) -> list[str]:
    top = sorted(p.name for p in root.glob("requirements*.txt") if p.is_file())
    nested = sorted(p.relative_to(root).as_posix() for p in root.glob("requirements/*.txt") if p.is_file())
    return top + nested


def lock_pins(root: Path, wanted: frozenset[str]) -> list[Pin]:
    return [p for lock in LOCK_FILES if (root / lock).is_file() for p in read_lock(root, lock, wanted)]


def checkout_pins(root: Path, wanted: frozenset[str]) -> list[Pin]:
    return [p for folder in checkout_dirs(root) for p in read_checkout(root, folder, wanted)]


def judge(
    root: Path,
    wanted: Iterable[str],
    newest: Mapping[str, Version],
    targets: Mapping[str, str] | None = None,
    installed: Installed = installed_version,
) -> tuple[Judged, ...]:
    """One judged range per wanted distribution, in name order."""
    names = frozenset(wanted)
    found = {
        Source.DECLARED: declared_pins(root, names),
        Source.LOCK: lock_pins(root, names),
        Source.CHECKOUT: checkout_pins(root, names),
    }
    return tuple(_judge_one(name, found, newest.get(name), (targets or {}).get(name), installed) for name in sorted(names))


def _judge_one(
    name: str, found: Mapping[Source, list[Pin]], newest: Version | None, target: str | None, installed: Installed
) -> Judged:
    if target is not None:
        return judged_from(name, [Pin(name, target, "", 0, Source.TARGET, "--target")])
    bare = [p for p in found[Source.DECLARED] if p.distribution == name and not p.specifier]
    for source in (Source.DECLARED, Source.LOCK, Source.CHECKOUT):
        pins = [p for p in found[source] if p.distribution == name and p.specifier]
        if pins:
            return judged_from(name, pins)
    unpinned = f"named without a version at {', '.join(p.where for p in bare)}; " if bare else ""
    version = installed(name)
    if version:
        note = f"{unpinned}no pin in the project: the version installed where cfgmigrate runs (importlib.metadata)"
        return judged_from(name, [Pin(name, f"=={version}", "", 0, Source.INSTALLED, "importlib.metadata")], note)
    if newest is None:
        return Judged(name, None, None, (), f"{unpinned}no pin found and the pack names no version")
    note = f"{unpinned}no pin found: judged at {newest}, the newest version the pack knows"
    return judged_from(name, [Pin(name, f"=={newest}", "", 0, Source.DEFAULT, "default")], note)


def judged_from(name: str, pins: list[Pin], note: str = "") -> Judged:
    """The union of the pins' ranges (markers are not evaluated: a project supports every platform it names)."""
    lows = [lower_bound(p.specifiers) for p in pins]
    highs = [upper_bound(p.specifiers) for p in pins]
    lowest = None if any(v is None for v in lows) else min(v for v in lows if v is not None)
    highest = None if any(v is None for v in highs) else max(v for v in highs if v is not None)
    return Judged(name, lowest, highest, tuple(pins), note)
