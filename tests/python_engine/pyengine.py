"""Run the Python engine on strings: a project written to a temporary root, one file migrated."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from cfgmigrate.engines.base import Context, ProjectFiles
from cfgmigrate.engines.python import ENGINE
from cfgmigrate.pack import load_pack_text


@dataclass(frozen=True)
class Outcome:
    text: str
    changes: list[str]  # "LINE rule: message"
    diagnostics: list[str]  # rendered "path:line: rule: message"


def migrate(tmp: Path, pack: str, files: dict[str, str], target: str) -> Outcome:
    """Write ``files`` (dedented) under ``tmp``, load ``pack`` and migrate ``target`` with its Python rules."""
    for rel, text in files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    rules_pack = load_pack_text(textwrap.dedent(pack), "pack.yaml")
    index = ENGINE.prepare(ProjectFiles(str(tmp)), tuple(sorted(files)), rules_pack)
    rules = tuple(r for r in rules_pack.rules if ENGINE.verdict(r, rules_pack).kind == "acts")
    text = (tmp / target).read_text(encoding="utf-8")
    result = ENGINE.migrate(target, text, rules, Context(str(tmp), rules_pack, index))
    return Outcome(
        result.new_text,
        [f"{c.line} {c.rule}: {c.message}" for c in result.changes],
        [d.render() for d in result.diagnostics],
    )


def dedent(text: str) -> str:
    return textwrap.dedent(text)
