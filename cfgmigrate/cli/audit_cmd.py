"""``cfgmigrate audit`` and ``cfgmigrate compare``: thin wrappers over ``cfgmigrate.audit``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import ExitCode

FORMATS = ("auto", "yaml", "json", "text")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-r",
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A pack whose `schema:` binds sections to classes.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project root (default: the git work tree, else PATH).",
)
@click.option("--format", "fmt", default="table", type=click.Choice(["table", "json", "markdown"]), show_default=True)
@click.option("--emit-rules", type=click.Path(dir_okay=False, path_type=Path), help="Write a rule pack that fixes the findings.")
def audit(paths, rule_files, root, fmt, emit_rules) -> None:  # type: ignore[no-untyped-def]
    """Find drift between configs, the classes that hold them and the code that reads them.

    Exit 0 when clean, 1 with findings, 2 when a file or pack could not be read."""
    from cfgmigrate import api
    from cfgmigrate.audit.emit import pack_name
    from cfgmigrate.audit.report import audit_json, audit_markdown, print_audit
    from cfgmigrate.cli.common import load_packs

    packs = load_packs(rule_files, ()) if rule_files else ()
    leave_out = tuple(rule_files) + ((emit_rules,) if emit_rules else ())
    audited = api.audit(api.AuditSettings(tuple(paths), root, packs, leave_out))
    result = audited.result
    for problem in result.problems:
        click.echo(escape_controls(problem.render()), err=True)
    for folder in result.skipped:
        click.echo(escape_controls(f"{folder}/: skipped (a scratch, temp or backup folder); name it to audit it"), err=True)
    if fmt == "table":
        print_audit(result.findings, result.links)
    else:
        click.echo((audit_json if fmt == "json" else audit_markdown)(result.findings, result.links), nl=False)
    if emit_rules:
        emit_rules.write_text(audited.rules_pack(pack_name(emit_rules)), encoding="utf-8")
        click.echo(f"wrote {emit_rules}", err=True)
    sys.exit(audited.exit_code)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("a")
@click.argument("b")
@click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."), help="Where A and B are found."
)
@click.option(
    "--path",
    "search",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Another folder where the classes' bases are looked for (like PYTHONPATH).",
)
@click.option(
    "--format-a", default="auto", type=click.Choice(FORMATS), show_default=True, help="How A is read (text: `key: value` dump)."
)
@click.option("--format-b", default="auto", type=click.Choice(FORMATS), show_default=True, help="How B is read.")
@click.option("--format", "fmt", default="table", type=click.Choice(["table", "json"]), show_default=True)
@click.option(
    "--emit-rules",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a pack: between two classes, the renames from A's names to B's; else coercions of B's mismatched types to A's.",
)
def compare(a, b, root, search, format_a, format_b, fmt, emit_rules) -> None:  # type: ignore[no-untyped-def]
    """Compare two configs: YAML/JSON files, text dumps, or FILE.py::Class declared defaults
    (inherited fields included).

    Exit 0 when they agree, 1 when they differ, 2 when one cannot be read."""
    from cfgmigrate import api
    from cfgmigrate.audit.emit import pack_name
    from cfgmigrate.audit.report import compare_json, print_compare
    from cfgmigrate.errors import CfgmigrateError

    try:
        compared = api.compare(api.CompareSettings(a, b, root, tuple(search), format_a, format_b))
    except CfgmigrateError as e:
        click.echo(escape_controls(str(e)), err=True)
        sys.exit(ExitCode.ERROR)
    for note in compared.notes:
        click.echo(f"warning: {note}", err=True)
    if fmt == "json":
        click.echo(compare_json(compared.diff), nl=False)
    else:
        print_compare(compared.diff)
    if emit_rules:
        emit_rules.write_text(compared.rules_pack(pack_name(emit_rules)), encoding="utf-8")
        click.echo(f"wrote {emit_rules}", err=True)
    sys.exit(compared.exit_code)
