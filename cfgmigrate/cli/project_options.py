"""The project's configuration merged with the command line: flags add to what it says."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cfgmigrate.cli.common import say
from cfgmigrate.types import ExitCode


@dataclass(frozen=True)
class Options:
    """The command's options merged with the project's ``[tool.cfgmigrate]``."""

    rule_files: tuple[Path, ...]
    pack_names: tuple[str, ...]
    exclude: tuple[str, ...]
    fmt: str | None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    target: tuple[str, ...] = ()  # versions for --target (the config's come first)
    source: Path | None = None  # the configuration file, when one was used


def merged(
    start: Path, rule_files: Sequence[Path], pack_names: Sequence[str], exclude: Sequence[str], fmt: str | None
) -> Options:
    """The command line's options plus the nearest project configuration above ``start`` (none:
    the flags alone). A broken configuration prints every problem and exits 2."""
    from cfgmigrate import project

    found = project.find(start)
    if found is None:
        return Options(tuple(rule_files), tuple(pack_names), tuple(exclude), fmt)
    try:
        config = project.load(found)
    except project.ConfigError as e:
        for d in e.diagnostics:
            say(d.render())
        sys.exit(ExitCode.ERROR)
    return Options(
        rule_files=_unique(tuple(_shown(p) for p in config.rules) + tuple(rule_files)),
        pack_names=_unique(config.packs + tuple(pack_names)),
        exclude=config.exclude + tuple(exclude),
        fmt=fmt or config.format,
        per_file_ignores=config.per_file_ignores,
        target=config.target,
        source=found,
    )


def _unique(items: tuple[object, ...]) -> tuple:  # type: ignore[type-arg]
    return tuple(dict.fromkeys(items))


def _shown(path: Path) -> Path:
    """A rule file as reports name it: relative to the working folder where it lies below it."""
    try:
        return Path(os.path.relpath(path)) if path.resolve().is_relative_to(Path.cwd().resolve()) else path
    except ValueError:
        return path
