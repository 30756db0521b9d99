"""What to verify (from the command line and from packs) and running it in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cfgmigrate.engines import holds_documents
from cfgmigrate.rules import Coerce, Map, Rename, RulePack
from cfgmigrate.verify.classes import verify_config
from cfgmigrate.verify.loader import Loader
from cfgmigrate.verify.models import Options, missing_extra, verify_model
from cfgmigrate.verify.report import VerifyItem

__all__ = [
    "ConfigCheck",
    "LoaderCheck",
    "loader_checks",
    "run_loaders",
    "from_options",
    "from_packs",
    "missing_extra",
    "model_options",
    "models_of",
    "run",
]


@dataclass(frozen=True)
class LoaderCheck:
    """The project's loader, and the configs (relative to the root) it is run on."""

    loader: Loader
    configs: tuple[str, ...]


@dataclass(frozen=True)
class ConfigCheck:
    config: Path
    ref: str
    section: str | None


def from_options(root: Path, configs: tuple[Path, ...], classes: tuple[str, ...], sections: tuple[str, ...]) -> list[ConfigCheck]:
    out = []
    for i, (config, ref) in enumerate(zip(configs, classes, strict=True)):
        section = sections[i] if i < len(sections) and sections[i] else None
        out.append(ConfigCheck(config.resolve(), ref, section))
    return out


def from_packs(root: Path, packs: tuple[RulePack, ...]) -> list[ConfigCheck]:
    """A pack's `verify.configs` entries, plus every schema-bound section of its config files."""
    from cfgmigrate.discover import discover, in_scope
    from cfgmigrate.verify.documents import load_with_lines, section_of

    out: list[ConfigCheck] = []
    files = discover([root], root.resolve()).files if packs else ()
    for pack in packs:
        for entry in pack.verify.get("configs", []):
            out += [ConfigCheck(root / f, entry["class"], entry.get("section")) for f in files if in_scope(f, [entry["config"]])]
        for prefix, refs in pack.schema:
            if len(refs) != 1:
                continue  # a flat root bound to several classes: each class takes its own keys
            for f in files:
                if holds_documents(f) and in_scope(f, pack.files):
                    try:
                        section_of(load_with_lines(root / f)[0], prefix or None)
                    except (ValueError, OSError):
                        continue
                    out.append(ConfigCheck((root / f).resolve(), refs[0], prefix or None))
    return list(dict.fromkeys(out))


def loader_checks(
    root: Path, loader: str | None, arguments: tuple[str, ...], paths: tuple[Path, ...], packs: tuple[RulePack, ...]
) -> list[LoaderCheck]:
    """``--loader`` on the configs under ``paths`` (default: the root), and each pack's ``verify.loader``
    on its ``configs`` globs (default: the pack's files)."""
    from cfgmigrate.discover import discover, in_scope

    root = root.resolve()
    out = []
    if loader:
        found = discover(list(paths) or [root], root).files
        out.append(LoaderCheck(Loader(loader, _arguments(arguments)), tuple(f for f in found if holds_documents(f))))
    files = discover([root], root).files if any(p.verify.get("loader") for p in packs) else []
    for pack in packs:
        spec = pack.verify.get("loader")
        if spec:
            globs = spec.get("configs") or list(pack.files)
            chosen = tuple(f for f in files if holds_documents(f) and in_scope(f, globs))
            out.append(LoaderCheck(Loader(spec["call"], dict(spec.get("with") or {})), chosen))
    return out


def _arguments(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, spec = pair.partition("=")
        if not sep or not name.isidentifier():
            raise ValueError(f"--loader-arg {pair!r}: write it as NAME=MODULE:Callable")
        out[name] = spec
    return out


def run_loaders(root: Path, checks: list[LoaderCheck]) -> list[VerifyItem]:
    """Every config through its loader; a loader that cannot be built is one failed item."""
    from cfgmigrate.verify.classes import ClassLoadError
    from cfgmigrate.verify.loader import build, verify_with_loader

    root = root.resolve()
    items = []
    for check in checks:
        try:
            function = build(root, check.loader)
        except (ClassLoadError, TypeError) as e:
            items.append(VerifyItem("loader", check.loader.call, reason=f"cannot build the loader: {e}"))
            continue
        items += [verify_with_loader(root, function, check.loader.call, root / f) for f in check.configs]
        if not check.configs:
            items.append(VerifyItem("loader", check.loader.call, reason="no config in scope"))
    return items


def models_of(packs: tuple[RulePack, ...]) -> list[str]:
    return [m for pack in packs for m in pack.verify.get("models", [])]


def model_options(dtype: str, attention: str, device: str, shrink: bool, weights: Path | None, trust: bool) -> Options:
    return Options(dtype=dtype, attention=attention, device=device, shrink=shrink, weights=weights, trust_remote_code=trust)


def run(
    root: Path, checks: list[ConfigCheck], targets: list[str], options: Options, packs: tuple[RulePack, ...]
) -> list[VerifyItem]:
    root = root.resolve()
    items = [verify_config(root, c.config, c.ref, c.section) for c in checks]
    for target in targets:
        item = verify_model(target, root, options)
        if not item.ok:
            item.reason += _fixing_rule(item.reason, packs)
        items.append(item)
    return items


def _fixing_rule(reason: str, packs: tuple[RulePack, ...]) -> str:
    """Name the pack rule that would fix a strict-validation failure of a key, when there is one."""
    for pack in packs:
        for rule in pack.rules:
            if isinstance(rule, (Coerce, Rename, Map)) and f": {rule.path.last}: " in reason:
                return f" (rule {rule.id} of {pack.name} fixes it: cfgmigrate apply -r {pack.path})"
    return ""
