"""``cfgmigrate rules``: list, show, check and schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cfgmigrate.escape import escape_controls
from cfgmigrate.types import ExitCode


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def rules() -> None:
    """List, show and check rule packs; print the JSON Schema of the rule-file format."""


@rules.command("list")
def list_packs() -> None:
    """List the built-in packs."""
    from cfgmigrate.pack import builtin_pack_names, load_builtin_pack

    for name in builtin_pack_names():
        pack = load_builtin_pack(name)
        summary = pack.description.strip().split(": ")[0].split(". ")[0]
        click.echo(f"{name:18} {len(pack.rules):3} rules  {summary}".rstrip())


@rules.command("show")
@click.argument("name")
@click.option("--versions", "versions", is_flag=True, help="List each rule's version facts instead of the file.")
def show(name: str, versions: bool) -> None:
    """Print a built-in pack's file (or, with --versions, each rule's since/deprecated/removed)."""
    from importlib import resources

    from cfgmigrate.cli.common import load_packs

    [pack] = load_packs((), (name,))
    if versions:
        from cfgmigrate.versions.facts import facts_table

        click.echo(facts_table(pack), nl=False)
        return
    click.echo((resources.files("cfgmigrate.builtin_packs") / f"{name}.yaml").read_text(encoding="utf-8"), nl=False)


@rules.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project root where a pack's `targets:` class is read (default: the git work tree, else the current folder).",
)
def check(files: tuple[Path, ...], root: Path | None) -> None:
    """Validate rule pack files; print every problem as FILE:LINE: rule-id: message."""
    from cfgmigrate.discover import project_root
    from cfgmigrate.pack import PackError, load_pack
    from cfgmigrate.targets import problems

    status = ExitCode.CLEAN
    for path in files:
        try:
            pack = load_pack(path, str(path))
            found = problems(pack, root.resolve() if root else project_root(Path.cwd())) if pack.targets else []
            if found:
                raise PackError(found)
            click.echo(f"{path}: ok ({len(pack.rules)} rules)")
        except PackError as e:
            status = ExitCode.ERROR
            for d in e.diagnostics:
                click.echo(escape_controls(d.render()), err=True)
    sys.exit(status)


@rules.command("schema")
def schema() -> None:
    """Print the JSON Schema of rule-pack files (for editors)."""
    from cfgmigrate.pack import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


@rules.command("test")
@click.argument("packs", nargs=-1)
def test(packs: tuple[str, ...]) -> None:
    """Run the example cases the packs carry (built-in names or pack files; default: every built-in pack)."""
    from importlib import resources

    from cfgmigrate.cli.common import load_packs
    from cfgmigrate.pack import builtin_pack_names
    from cfgmigrate.packtest import run_pack

    passed = failed = 0
    for name in packs or tuple(builtin_pack_names()):
        is_file = name.endswith((".yaml", ".yml")) and Path(name).exists()
        [pack] = load_packs((Path(name),), ()) if is_file else load_packs((), (name,))
        pack_file = Path(name) if is_file else Path(str(resources.files("cfgmigrate.builtin_packs") / f"{name}.yaml"))
        for outcome in run_pack(pack, pack_file):
            ok = not outcome.problem
            passed, failed = passed + ok, failed + (not ok)
            click.echo(
                escape_controls(f"{'ok  ' if ok else 'FAIL'} {pack.name}/{outcome.name}{'' if ok else ': ' + outcome.problem}")
            )
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(ExitCode.PENDING if failed else ExitCode.CLEAN)


@rules.command("explain")
@click.argument("operation")
def explain(operation: str) -> None:
    """Describe an operation: what it does, what it refuses, an example, whether it reverses
    (`versions`: the version facts a rule may carry)."""
    from cfgmigrate.ops import OPERATIONS
    from cfgmigrate.ops.docs import explain as explain_operation

    if operation == "versions":
        from cfgmigrate.versions.facts import FACTS_DOC

        click.echo(FACTS_DOC, nl=False)
        return
    text = explain_operation(operation)
    if text is None:
        from cfgmigrate.suggest import closest

        match = closest(operation, OPERATIONS)
        hint = f"did you mean {match!r}?" if match else f"operations: {', '.join(OPERATIONS)} (and: versions)"
        raise click.UsageError(f"no operation {operation!r}; {hint}")
    click.echo(text, nl=False)
