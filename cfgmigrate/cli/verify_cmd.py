"""``cfgmigrate verify``: configs into their classes, model configs built and run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cfgmigrate.types import ExitCode


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--loader",
    help="The project's own loading code, run on every config under PATHS: MODULE:FUNCTION, MODULE:Class.method or FILE.py::FUNCTION.",
)
@click.option(
    "--loader-arg",
    "loader_args",
    multiple=True,
    help="NAME=MODULE:Callable: a constructor argument of the loader's class (called without arguments).",
)
@click.option(
    "-r",
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A pack whose `verify:` and `schema:` say what to check.",
)
@click.option(
    "--config",
    "configs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A config file (pairs with --class).",
)
@click.option("--class", "classes", multiple=True, help="FILE.py::Class that holds the matching --config.")
@click.option(
    "--section",
    "sections",
    multiple=True,
    help="Key path of the section the class holds (pairs with --config; '' for the whole file).",
)
@click.option("--model", "models", multiple=True, help="A model config: config.json, a folder, or FILE.yaml::section.path.")
@click.option("--dtype", default="bf16", type=click.Choice(["bf16", "fp16", "fp32"]), show_default=True)
@click.option(
    "--attention",
    default="auto",
    type=click.Choice(["auto", "flash_attention_2", "sdpa", "eager"]),
    show_default=True,
    help="auto: flash_attention_2 with flash-attn on CUDA, else SDPA with its flash kernel forced.",
)
@click.option("--device", default="auto", type=click.Choice(["auto", "cpu", "cuda"]), show_default=True)
@click.option("--shrink/--no-shrink", default=True, show_default=True, help="Run a tiny random-weight copy of the architecture.")
@click.option(
    "--weights",
    type=click.Path(exists=True, path_type=Path),
    help="A local folder (or .gguf file) with real weights, loaded instead of random ones (under the --model config when one is given).",
)
@click.option("--trust-remote-code", is_flag=True, help="Allow model code from the checkpoint folder (never set otherwise).")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="Project root for relative paths.",
)
@click.option("--format", "fmt", default="table", type=click.Choice(["table", "json"]), show_default=True)
def verify(  # type: ignore[no-untyped-def]
    paths,
    loader,
    loader_args,
    rule_files,
    configs,
    classes,
    sections,
    models,
    dtype,
    attention,
    device,
    shrink,
    weights,
    trust_remote_code,
    root,
    fmt,
) -> None:
    """Prove that configs load into their classes and that model configs build and run."""
    from cfgmigrate import api
    from cfgmigrate.errors import MissingExtra, SettingsError
    from cfgmigrate.verify.report import as_json, print_table

    settings = api.VerifySettings(
        root=root,
        paths=tuple(paths),
        packs=_packs(rule_files),
        configs=tuple(configs),
        classes=tuple(classes),
        sections=tuple(sections),
        loader=loader,
        loader_args=tuple(loader_args),
        models=tuple(models),
        weights=weights,
        dtype=dtype,
        attention=attention,
        device=device,
        shrink=shrink,
        trust_remote_code=trust_remote_code,
    )
    try:
        verified = api.verify(settings)
    except MissingExtra as e:
        click.echo(e.message, err=True)
        sys.exit(ExitCode.ERROR)
    except SettingsError as e:
        raise click.UsageError(e.message) from None
    if fmt == "json":
        click.echo(as_json(list(verified.items)), nl=False)
    else:
        print_table(list(verified.items))
    sys.exit(verified.exit_code)


def _packs(rule_files: tuple[Path, ...]) -> tuple[Any, ...]:
    from cfgmigrate.cli.common import load_packs

    return load_packs(rule_files, ()) if rule_files else ()
