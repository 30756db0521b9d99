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
    from cfgmigrate.audit.emit import pack_name, pack_text
    from cfgmigrate.audit.report import audit_json, audit_markdown, print_audit
    from cfgmigrate.audit.run import audit_project
    from cfgmigrate.cli.common import load_packs
    from cfgmigrate.discover import discover, project_root

    base = (root or project_root(paths[0] if paths else Path("."))).resolve()
    packs = load_packs(rule_files, ()) if rule_files else ()
    skip = {p.resolve() for p in rule_files} | ({emit_rules.resolve()} if emit_rules else set())
    files = [f for f in discover(list(paths) or [base], base).files if (base / f).resolve() not in skip]
    result = audit_project(base, files, {prefix: refs[0] for pack in packs for prefix, refs in pack.schema})
    for problem in result.problems:
        click.echo(escape_controls(problem.render()), err=True)
    if fmt == "table":
        print_audit(result.findings, result.links)
    else:
        click.echo((audit_json if fmt == "json" else audit_markdown)(result.findings, result.links), nl=False)
    if emit_rules:
        globs = sorted({"**/*" + Path(f).suffix for f in files if f.endswith((".yaml", ".yml", ".json", ".py"))})
        emit_rules.write_text(pack_text(pack_name(emit_rules), result.findings, result.links, globs), encoding="utf-8")
        click.echo(f"wrote {emit_rules}", err=True)
    sys.exit(ExitCode.ERROR if result.problems else ExitCode.PENDING if result.findings else ExitCode.CLEAN)


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
    "--emit-rules", type=click.Path(dir_okay=False, path_type=Path), help="Write a pack that coerces B's mismatched types to A's."
)
def compare(a, b, root, search, format_a, format_b, fmt, emit_rules) -> None:  # type: ignore[no-untyped-def]
    """Compare two configs: YAML/JSON files, text dumps, or FILE.py::Class declared defaults
    (inherited fields included).

    Exit 0 when they agree, 1 when they differ, 2 when one cannot be read."""
    from cfgmigrate.audit.compare import coercions, load_side
    from cfgmigrate.audit.compare import compare as run_compare
    from cfgmigrate.audit.emit import pack_name
    from cfgmigrate.audit.report import compare_json, print_compare
    from cfgmigrate.classes import ClassReader

    reader = ClassReader(root, tuple(search))
    try:
        side_a, side_b = load_side(a, root, format_a, reader), load_side(b, root, format_b, reader)
    except (OSError, ValueError, SyntaxError) as e:
        click.echo(escape_controls(str(e)), err=True)
        sys.exit(ExitCode.ERROR)
    diff = run_compare(side_a.values, side_b.values)
    diff["notes"] = [f"{side}: {note}" for side, s in (("A", side_a), ("B", side_b)) for note in s.notes]
    for note in diff["notes"]:
        click.echo(f"warning: {note}", err=True)
    if fmt == "json":
        click.echo(compare_json(diff), nl=False)
    else:
        print_compare(diff)
    if emit_rules:
        target = b.split("::")[0]
        files = [target if not target.endswith(".py") else "**/*.py"]
        emit_rules.write_text(coercions(diff, pack_name(emit_rules), files), encoding="utf-8")
        click.echo(f"wrote {emit_rules}", err=True)
    differs = any(diff["summary"][k] for k in ("different", "type_mismatches", "only_in_a", "only_in_b"))
    sys.exit(ExitCode.PENDING if differs else ExitCode.CLEAN)
