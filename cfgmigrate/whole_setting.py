"""A run over part of a project (pre-commit's staged files, ``apply PATH`` on a subfolder) never
half-migrates a schema-bound setting.

With a pack that binds config sections to classes (``schema:``), a setting lives in several places:
the configs of that section, the bound class, the code that reads it. Renaming it in the staged
YAML alone leaves the class behind and the project no longer loads. So when the paths do not cover
the project and a pack has a schema, the whole project is planned, and every file outside the
paths that a rule changing something inside them also changes is migrated too, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from cfgmigrate.discover import discover, run_root
from cfgmigrate.types import Status

NOTE = "migrated too: {rules} also change{s} {inside}, and a schema-bound setting must change in all its places at once"


def plan_whole_settings(settings: Any, plan: Callable[..., Any], progress: Any = None) -> Any:
    """``plan(settings)``, widened to the other places of the schema-bound settings it changes."""
    root = run_root(settings.paths, settings.root)
    if not any(pack.schema for pack in settings.packs) or _covers_root(settings.paths, root):
        return plan(settings, progress)
    part = discover(settings.paths, root, settings.excludes)
    whole = plan(replace(settings, paths=(root, *settings.paths), root=root), progress)
    inside = set(part.files)
    kept = [r for r in whole.results if r.path in inside]
    touched = {c.rule: r.path for r in kept if r.status is Status.CHANGED for c in r.changes}
    extra = [r for r in whole.results if r.path not in inside and r.status is Status.CHANGED and _rules(r) & touched.keys()]
    notes = tuple((r.path, _note(r, touched)) for r in extra)
    discovery = replace(part, notes=part.notes + notes)
    return replace(whole, results=tuple(sorted(kept + extra, key=lambda r: r.path)), discovery=discovery)


def _rules(result: Any) -> set[str]:
    return {c.rule for c in result.changes}


def _note(result: Any, touched: dict[str, str]) -> str:
    rules = sorted(_rules(result) & touched.keys())
    inside = ", ".join(sorted({touched[rule] for rule in rules}))
    return NOTE.format(
        rules="rule " + ", ".join(rules) if len(rules) == 1 else "rules " + ", ".join(rules),
        s="s" if len(rules) == 1 else "",
        inside=inside,
    )


def _covers_root(paths: Any, root: Any) -> bool:
    return not paths or any(p.resolve() == root for p in paths)
