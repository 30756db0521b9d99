"""The engine table: which engine handles which kind of file, and the pack-load check that every
rule is carried out by some engine and refused by none.

An engine is imported only when it is needed: when a file of its kind is processed, or when the
pack check must ask it (it may refuse the rule's operation, see :data:`MAY_REFUSE`, or no engine
asked so far carries the rule out). A YAML-only run never imports the Python, TOML, shell or
notebook engines (nor libcst, tomlkit, nbformat, tree-sitter)."""

from __future__ import annotations

import importlib
import sys
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import cast

from cfgmigrate.engines.base import Engine
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.types import Diagnostic

# suffix -> "module:attribute" of the engine object; imported only when a file needs it
ENGINE_TABLE: dict[str, str] = {
    ".yaml": "cfgmigrate.engines.yaml_engine:ENGINE",
    ".yml": "cfgmigrate.engines.yaml_engine:ENGINE",
    ".json": "cfgmigrate.engines.json_engine:ENGINE",
    ".toml": "cfgmigrate.engines.toml:ENGINE",
    ".py": "cfgmigrate.engines.shell.in_python:ENGINE",  # the Python engine, then flags in docstrings
    ".sh": "cfgmigrate.engines.shell:ENGINE",
    ".bash": "cfgmigrate.engines.shell:ENGINE",
    ".slurm": "cfgmigrate.engines.shell:ENGINE",
    ".sbatch": "cfgmigrate.engines.shell:ENGINE",
    ".ipynb": "cfgmigrate.engines.notebook:ENGINE",
    ".md": "cfgmigrate.engines.shell.hosted:MARKDOWN",
    ".markdown": "cfgmigrate.engines.shell.hosted:MARKDOWN",
    ".mk": "cfgmigrate.engines.shell.hosted:MAKEFILE",
    "makefile": "cfgmigrate.engines.shell.hosted:MAKEFILE",  # Makefile, makefile, GNUmakefile: see suffix_of
    ".rst": "cfgmigrate.engines.shell.rst_files:RST",
}
MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})

# operation -> the engines (ENGINE_TABLE values) whose ``answers`` row for it is a Refuses: the
# only ones that can refuse a rule of it at pack load, so the only ones the check must import for a
# rule that an engine already asked carries out. Written out so that the check imports no engine to
# learn it; tests/test_lazy_engines.py compares it with the engines' own tables.
_SHELL_LIKE = frozenset(
    {
        "cfgmigrate.engines.shell:ENGINE",
        "cfgmigrate.engines.shell.hosted:MARKDOWN",
        "cfgmigrate.engines.shell.hosted:MAKEFILE",
        "cfgmigrate.engines.shell.rst_files:RST",
    }
)
_CODE = frozenset({"cfgmigrate.engines.shell.in_python:ENGINE", "cfgmigrate.engines.notebook:ENGINE"})
_TOML = frozenset({"cfgmigrate.engines.toml:ENGINE"})
MAY_REFUSE: dict[str, frozenset[str]] = {
    "rename": frozenset(),
    "move": _SHELL_LIKE | _CODE,
    "coerce": _SHELL_LIKE,
    "add": _SHELL_LIKE | _TOML,
    "set_default": _SHELL_LIKE,
    "remove": _SHELL_LIKE,
    "map": _SHELL_LIKE,
    "copy": _SHELL_LIKE | _CODE | _TOML,
    "rename_symbol": _SHELL_LIKE | _TOML,
}


def suffix_of(relpath: str) -> str:
    """The file's table key: its suffix, lower-cased (``makefile`` for a Makefile, which has none)."""
    if relpath.rsplit("/", 1)[-1] in MAKEFILE_NAMES:
        return "makefile"
    dot = relpath.rfind(".")
    return relpath[dot:].lower() if dot > relpath.rfind("/") else ""


def has_engine(relpath: str) -> bool:
    return suffix_of(relpath) in ENGINE_TABLE


def engine_for_suffix(suffix: str) -> Engine:
    return _engine(ENGINE_TABLE[suffix])


@cache
def _engine(ref: str) -> Engine:
    module, attr = ref.split(":")
    return cast(Engine, getattr(importlib.import_module(module), attr))


def engine_for(relpath: str) -> Engine:
    return engine_for_suffix(suffix_of(relpath))


def holds_documents(relpath: str) -> bool:
    """Whether the file is a config document (its engine reads documents as data: YAML, JSON...),
    chosen by suffix from the table; audit, compare and verify load exactly these."""
    return has_engine(relpath) and callable(getattr(engine_for(relpath), "load", None))


def holds_code(relpath: str) -> bool:
    """Whether the file is Python code, by the same table (its engine is the Python engine)."""
    return has_engine(relpath) and engine_for(relpath).name == "python"


def suffixes_where(holds: Callable[[str], bool]) -> tuple[str, ...]:
    """The table's suffixes whose files ``holds`` (``holds_documents``, ``holds_code``)."""
    return tuple(s for s in ENGINE_TABLE if holds("f" + s))


def all_engines() -> list[Engine]:
    seen: dict[str, Engine] = {}
    for ref in dict.fromkeys(ENGINE_TABLE.values()):
        engine = _engine(ref)
        seen.setdefault(engine.name, engine)
    return list(seen.values())


def pack_problems(pack: RulePack) -> list[Diagnostic]:
    """Rules that an engine refuses, or that no engine would carry out: the pack must not load."""
    return [d for rule in pack.rules for d in _rule_problems(rule, pack)]


def _rule_problems(rule: Rule, pack: RulePack) -> list[Diagnostic]:
    if _acts_and_none_refuses(rule, pack):
        return []
    verdicts = {engine.name: engine.verdict(rule, pack) for engine in all_engines()}
    refusals = {v.reason for v in verdicts.values() if v.kind == "refuses"}
    if refusals:
        return [Diagnostic(pack.path, rule.line, rule.id, reason) for reason in sorted(refusals)]
    if any(v.kind == "acts" for v in verdicts.values()):
        return []
    by_reason: dict[str, list[str]] = defaultdict(list)
    for name, v in verdicts.items():
        by_reason[v.reason].append(name)
    why = "; ".join(f"{', '.join(names)}: {reason}" for reason, names in by_reason.items())
    return [Diagnostic(pack.path, rule.line, rule.id, f"no engine would carry out this rule ({why})")]


def _acts_and_none_refuses(rule: Rule, pack: RulePack) -> bool:
    """Whether some engine carries the rule out and none refuses it, asking (so importing) only the
    engines that may refuse its operation and, the imported ones first, then in table order, those
    up to the first that acts; on False the caller asks every engine, for the full diagnostics."""
    may_refuse = MAY_REFUSE.get(rule.op)
    if may_refuse is None:
        return False  # an operation this table does not know: ask everyone
    if any(_engine(ref).verdict(rule, pack).kind == "refuses" for ref in sorted(may_refuse)):
        return False
    refs = sorted(dict.fromkeys(ENGINE_TABLE.values()), key=lambda ref: ref.split(":")[0] not in sys.modules)
    return any(_engine(ref).verdict(rule, pack).kind == "acts" for ref in refs)  # the imported ones first
