"""``cfgmigrate apply - --stdin-filename PATH``: migrate the text on stdin as the file PATH and print it.

Bytes in, bytes out (CRLF and a BOM pass through). The migrated text goes to stdout; a text that
cannot be migrated is printed back as it came, so an editor that replaces its buffer with the output
(``:%!cfgmigrate apply - --stdin-filename %``) never loses it."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cfgmigrate.cli.common import print_diagnostics, say
from cfgmigrate.types import ExitCode


def migrate_stdin(
    settings: Any, stdin_filename: Path, mode: str, fmt: str | None, verbose: bool, versions: Any = None
) -> tuple[Any, bool]:
    """Run the packs over stdin; print per ``mode`` (write/dry-run/check) or ``fmt``. Returns the plan
    and whether stdout was used. ``versions`` (VersionOptions): the version policy, as for files."""
    from cfgmigrate import api
    from cfgmigrate.discover import project_root
    from cfgmigrate.render import render

    data = sys.stdin.buffer.read()
    root = settings.root.resolve() if settings.root else project_root(_existing_folder(stdin_filename))
    relpath = _relative(stdin_filename, root)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        say(f"{relpath}: not UTF-8 text (byte {e.start}); left as it was")
        sys.stdout.buffer.write(data)
        sys.exit(ExitCode.ERROR)
    from cfgmigrate.errors import SettingsError
    from cfgmigrate.versions.run import plan_text

    try:
        if versions is None:
            plan = api.plan_text(replace(settings, root=root), relpath, text)
        else:
            plan = plan_text(replace(settings, root=root), versions, relpath, text)
    except SettingsError as e:  # --bump, a --target that is not NAME==VERSION: the text goes back as it came
        if mode == "write":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        raise click.UsageError(e.message) from None
    [result] = plan.results
    if fmt:
        click.echo(render(fmt, plan), nl=False)
    elif mode == "dry-run":
        click.echo(render("diff", plan), nl=False)
    elif mode == "write":
        sys.stdout.buffer.write(result.new_text.encode("utf-8") if result.new_text else data)
        sys.stdout.flush()
    print_diagnostics(plan, verbose)
    return plan, bool(fmt) or mode != "check"


def _existing_folder(path: Path) -> Path:
    folder = path.parent if path.suffix or not path.is_dir() else path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _relative(path: Path, root: Path) -> str:
    """``path`` (relative to the working folder, or absolute) relative to the project root."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        raise click.UsageError(f"--stdin-filename {path} lies outside the project root {root}") from None
