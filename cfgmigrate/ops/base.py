"""What every operation module provides, and the fields every rule has at run time.

An operation module (``cfgmigrate/ops/rename.py``, ...) holds one operation's runtime side: the frozen
type that engines receive (:class:`Rule` plus its own fields), its documentation with examples that
the tests execute, and its inverse for ``apply --reverse``. Its fields in a rule pack (the pydantic
model, their validation, and the compilation into the runtime type) are its spec module,
``cfgmigrate/ops/specs/rename.py``: only loading a pack imports those, so a run whose compiled pack
is cached never imports pydantic. The registry in :mod:`cfgmigrate.ops` lists the modules; nothing
else needs to know an operation's fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from cfgmigrate.keypath import GLOBSTAR, KeyPath, KeyPathError
from cfgmigrate.ops.conditions import Unless
from cfgmigrate.values import same_value
from cfgmigrate.versions.facts import VersionFacts

if TYPE_CHECKING:
    from cfgmigrate.ops.specs.base import RuleSpec

CONFLICT_HELP = "When the target key exists with another value: error (default), keep the target, or replace it."


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One operation on one setting, ready for the engines. Each operation subclasses it with its
    own fields; engines dispatch on the subclass (``isinstance(rule, Rename)``)."""

    op: ClassVar[str] = ""
    id: str
    path: KeyPath  # the setting (for call rules: the keyword, one segment)
    when: tuple[Any, ...] | None = None
    files: tuple[str, ...] = ()
    description: str = ""
    calls: tuple[str, ...] = ()
    unless: Unless = Unless()  # conditions under which a matching call is left alone
    requires: Unless = Unless()  # conditions of which one must hold for a matching call to be changed
    unresolved: tuple[str, ...] = ()  # callee shapes reported, not edited, where no import resolves the receiver
    programs: tuple[str, ...] = ()  # the CLI-flag form: programs whose flags follow the rule
    receivers: tuple[str, ...] = ()  # the attribute form: objects whose attribute is the setting
    versions: tuple[VersionFacts, ...] = ()  # since / deprecated / removed per distribution (docs/versions.md)
    pack: str = ""  # path of the pack file
    line: int = 0  # line of the rule in the pack file

    @property
    def is_call_rule(self) -> bool:
        return bool(self.calls)

    @property
    def is_code_rule(self) -> bool:
        """Whether the rule is about Python code only (call keywords or attribute reads), not config keys."""
        return bool(self.calls or self.receivers)

    def destination(self) -> KeyPath | None:
        """Where the rule puts the setting when that is not ``path`` (rename, move, map, copy)."""
        return None

    def applies_to_value(self, current: Any) -> bool:
        """Whether ``when`` admits the current value (no ``when``: always)."""
        if self.when is None:
            return True
        return any(same_value(w, current) for w in self.when)

    def literal_tokens(self) -> tuple[str, ...]:
        """Strings a file must contain for this rule to possibly fire (the prefilter)."""
        names = self.path.literal_names()
        return (names[-1],) if names else ()


def parse_path(text: str) -> KeyPath:
    """A key path in a validator: a bad one is a validation error with the parser's words."""
    try:
        return KeyPath.parse(text)
    except KeyPathError as e:
        raise ValueError(f"bad key path: {e}") from None


def second_path_problem(op: str, source: str, target: str | None) -> str:
    """What is wrong with the ``to`` of an operation that writes the value at a second key path
    (``move``, ``copy``): missing, or wildcards its source does not capture ('' when nothing)."""
    if not target:
        return f"{op} needs `to`"
    source_path, target_path = parse_path(source), parse_path(target)
    wild = [target_path.segments[i] for i in range(len(target_path.segments)) if target_path.is_wild(i)]
    if GLOBSTAR in wild:
        return f"a {op} target cannot contain '**'"
    if len(wild) > sum(1 for i in range(len(source_path.segments)) if source_path.is_wild(i)):
        return f"the {op} target has more '*' than its source"
    return ""


@dataclass(frozen=True, kw_only=True)
class SecondPath(Rule):
    """A rule that writes the value at a second key path (``move``, ``copy``): where, and what to do
    when that key is already there with another value."""

    target: KeyPath
    on_conflict: str = "error"

    def destination(self) -> KeyPath:
        return self.target


@dataclass(frozen=True)
class Example:
    """One documented case, executed by the tests: ``after == before`` means "must not change".

    ``engine`` is ``yaml``, ``json``, ``toml``, ``python``, ``shell``, ``notebook``, ``markdown``, ``makefile`` or ``rst``; a
    Python example binds ``schema`` (pack lines) and edits the file ``file``."""

    engine: str
    rule: str
    before: str
    after: str
    schema: str = ""
    file: str = ""

    @property
    def changes(self) -> bool:
        return self.before != self.after

    def pack_text(self) -> str:
        rules = "".join("  " + line + "\n" for line in self.rule.splitlines())
        schema = "schema:\n" + "".join("  " + line + "\n" for line in self.schema.splitlines()) if self.schema else ""
        return f"name: doc\n{schema}rules:\n{rules}"

    def filename(self) -> str:
        return (
            self.file
            or {
                "yaml": "example.yaml",
                "json": "config.json",
                "python": "example.py",
                "shell": "run.sh",
                "notebook": "example.ipynb",
                "markdown": "README.md",
                "makefile": "Makefile",
                "rst": "index.rst",
                "toml": "config.toml",
            }[self.engine]
        )


def notebook(*cells: str) -> str:
    """A notebook in nbformat's own layout with these code cells (a cell starting with ``# md\n`` is a
    markdown cell), for the notebook engine's examples."""
    import json
    import re

    out: list[dict[str, object]] = []
    for i, source in enumerate(cells, 1):
        lines = [m.group(0) for m in re.finditer(r"[^\n]*\n|[^\n]+$", source.removeprefix("# md\n"))]
        if source.startswith("# md\n"):
            out.append({"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": lines})
        else:
            out.append(
                {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": lines}
            )
    nb = {"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def in_notebook(example: Example) -> Example:
    """A Python example as the code cell of a notebook."""
    return Example("notebook", example.rule, notebook(example.before), notebook(example.after), example.schema)


@dataclass(frozen=True)
class Refused:
    """A documented refusal, executed by the tests: loading ``rule`` fails with exactly ``message``
    (``pack.yaml:LINE: rule-id: ...``). ``engines`` are those that do not carry the operation out."""

    engines: tuple[str, ...]
    rule: str
    message: str
    schema: str = ""

    def pack_text(self) -> str:
        return Example("python", self.rule, "", "", self.schema).pack_text()


@dataclass(frozen=True)
class OperationDoc:
    """Each operation documents itself in the same sections (``cfgmigrate rules explain OP``)."""

    summary: str
    refuses: str
    reverses: str
    examples: tuple[Example, ...]
    refused: tuple[Refused, ...] = ()


Inverse = Callable[[Any], "Rule | str"]  # the inverse rule, or why there is none


@dataclass(frozen=True)
class Operation:
    """An operation as the registry lists it; its pack side (``spec``, ``compile``) is imported from
    ``cfgmigrate.ops.specs.<name>`` when first asked for."""

    name: str
    rule: type[Rule]
    invert: Inverse
    doc: OperationDoc

    @property
    def spec(self) -> type[RuleSpec]:
        """The pydantic model of the operation's fields in a rule pack."""
        spec: type[RuleSpec] = self._spec_module().SPEC
        return spec

    def compile(self, spec: Any, common: dict[str, Any]) -> Rule:
        """The runtime rule of a validated spec, given the fields every rule has."""
        rule: Rule = self._spec_module().compile_rule(spec, common)
        return rule

    def _spec_module(self) -> Any:
        from importlib import import_module

        return import_module(f"cfgmigrate.ops.specs.{self.name}")


def not_reversible(why: str) -> Inverse:
    return lambda rule: why


def lossy_setting(rule: Any) -> str:
    """Why a rule's settings make it irreversible, or '' (shared by rename, move and map)."""
    if rule.when is not None:
        return "a rule with `when` cannot tell which values it changed"
    if getattr(rule, "on_conflict", "error") != "error":
        return f"`on_conflict: {rule.on_conflict}` drops one of two values, which the inverse cannot bring back"
    return ""
