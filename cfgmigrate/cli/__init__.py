"""The ``cfgmigrate`` command: a thin click layer over the library.

Commands are loaded lazily from their own modules so that ``cfgmigrate --help`` imports click
alone; pydantic, libcst, ruamel, rich and torch are imported only by the command that needs them.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from cfgmigrate.cli import help_text
from cfgmigrate.escape import escape_controls
from cfgmigrate.types import ExitCode

COMMANDS = {
    "apply": (
        "cfgmigrate.cli.apply_cmd",
        "apply",
        "Apply rule packs to config files and code (or preview with --dry-run / --check).",
    ),
    "rules": ("cfgmigrate.cli.rules_cmd", "rules", "List, show, check, test and explain rule packs; print their JSON Schema."),
    "audit": ("cfgmigrate.cli.audit_cmd", "audit", "Find drift between configs, config classes and the code that reads them."),
    "compare": ("cfgmigrate.cli.audit_cmd", "compare", "Compare two configs (YAML, JSON or file.py::Class defaults)."),
    "verify": ("cfgmigrate.cli.verify_cmd", "verify", "Prove migrated configs load into their classes and models run."),
    "batch": ("cfgmigrate.cli.batch_cmd", "batch", "Apply rule packs across many repositories: a report and a patch for each."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def invoke(self, ctx: click.Context) -> object:
        """An unexpected exception is exit 2 with a one-line message, never Python's exit 1
        (which `--check` would read as "changes pending"); CFGMIGRATE_TRACEBACK=1 shows the trace."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:
            if os.environ.get("CFGMIGRATE_TRACEBACK"):
                traceback.print_exc()
            message = f"cfgmigrate: internal error: {type(e).__name__}: {e} (a bug: please report it)"
            click.echo(escape_controls(message), err=True)
            sys.exit(ExitCode.ERROR)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from the table above, so --help does not import every command.
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, _, help_) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=help_text.MAIN)
@click.version_option(package_name="cfgmigrate")
def main() -> None:
    """Declarative migrations for ML configs, the classes that hold them and the code that reads them."""
