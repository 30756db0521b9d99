"""``verify``: configs loaded into their classes, the project's loader run, model configs built and
run (torch and transformers are imported only here, and only when a model is checked)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfgmigrate.errors import MissingExtra, SettingsError
from cfgmigrate.rules import RulePack
from cfgmigrate.types import ExitCode


@dataclass(frozen=True)
class VerifySettings:
    """What ``verify`` is asked to check, and how (the loaders, the models, the device)."""

    root: Path = Path(".")
    paths: tuple[Path, ...] = ()  # where --loader finds its configs (default: the root)
    packs: tuple[RulePack, ...] = ()  # their `verify:` and `schema:` say what to check
    configs: tuple[Path, ...] = ()  # each with the class (FILE.py::Class) at the same place in `classes`
    classes: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # key path of the section each class holds ('' for the whole file)
    loader: str | None = None  # MODULE:FUNCTION, MODULE:Class.method or FILE.py::FUNCTION
    loader_args: tuple[str, ...] = ()  # NAME=MODULE:Callable
    models: tuple[str, ...] = ()  # config.json, a folder, or FILE.yaml::section.path
    weights: Path | None = None
    dtype: str = "bf16"
    attention: str = "auto"
    device: str = "auto"
    shrink: bool = True
    trust_remote_code: bool = False


@dataclass(frozen=True)
class Verified:
    """``verify``'s results, one item per config or model checked."""

    items: tuple[Any, ...]  # cfgmigrate.verify.report.VerifyItem

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.CLEAN if all(i.ok for i in self.items) else ExitCode.PENDING


def verify(settings: VerifySettings) -> Verified:
    """Run every check the settings and packs ask for. Settings that ask for nothing, or that
    cannot be read, are a :class:`SettingsError`; a model check without the `verify` extra
    installed is :class:`MissingExtra`. Each failed check is an item, never an exception."""
    from cfgmigrate.verify import plan as verify_plan

    s = settings
    if len(s.configs) != len(s.classes):
        raise SettingsError("give one --class for every --config")
    for ref in s.classes:
        if not ref.partition("::")[2] or not ref.partition("::")[0].endswith(".py"):
            raise SettingsError(f"--class {ref!r}: write it as FILE.py::Class")
    checks = verify_plan.from_options(s.root, s.configs, s.classes, s.sections) + verify_plan.from_packs(s.root, s.packs)
    targets = list(s.models) + verify_plan.models_of(s.packs) + ([str(s.weights)] if s.weights and not s.models else [])
    try:
        loaders = verify_plan.loader_checks(s.root, s.loader, s.loader_args, s.paths, s.packs)
    except ValueError as e:
        raise SettingsError(str(e)) from None
    if not checks and not targets and not loaders:
        raise SettingsError("nothing to verify: give --config/--class, --loader, --model, --weights, or a pack with `verify:`")
    options = verify_plan.model_options(s.dtype, s.attention, s.device, s.shrink, s.weights, s.trust_remote_code)
    missing = verify_plan.missing_extra() if targets else None
    if missing:
        raise MissingExtra(f"cfgmigrate verify: {missing}")
    items = verify_plan.run_loaders(s.root, loaders) + verify_plan.run(s.root, checks, targets, options, s.packs)
    return Verified(tuple(items))
