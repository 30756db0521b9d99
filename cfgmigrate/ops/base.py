"""What every operation module provides, and the fields every rule has.

An operation module (``cfgmigrate/ops/rename.py``, ...) holds one operation whole: the pydantic model
of its fields in a rule pack (:class:`RuleSpec` plus its own), their validation, the frozen runtime
type that engines receive (:class:`Rule` plus its own fields), its documentation with examples that
the tests execute, and its inverse for ``apply --reverse``. The registry in
:mod:`cfgmigrate.ops` lists the modules; nothing else needs to know an operation's fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cfgmigrate.keypath import GLOBSTAR, KeyPath, KeyPathError
from cfgmigrate.ops.conditions import UNRESOLVED_HELP, Unless, UnlessSpec, compile_unless
from cfgmigrate.values import same_value
from cfgmigrate.versions.facts import VersionFacts, VersionFactsSpec, compile_facts

CONFLICT_HELP = "When the target key exists with another value: error (default), keep the target, or replace it."


class RuleSpec(BaseModel):
    """The fields every rule may have, whatever its operation (a new common field goes here and in
    :class:`Rule`: :func:`common_fields` carries it over)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Unique in the pack; shown in every report line.")
    when: Any = Field(None, description="Apply only where the current value equals this (or one of a list).")
    files: list[str] | None = Field(None, description="Globs (repo-relative) overriding the pack's `files`.")
    programs: list[str] | None = Field(
        None,
        description="CLI-flag form: the programs whose `--flag` arguments follow the rule in shell scripts (globs over a "
        "program's module name, its path, or a qualified name it imports, such as `transformers.HfArgumentParser`).",
    )
    receivers: list[str] | None = Field(
        None,
        description="Attribute form (rename): the objects whose attribute `x.NAME` is the setting: globs over a class's "
        "qualified name (`transformers.PretrainedConfig`, `transformers.*Config`), or `*.ATTR` for the attribute ATTR of "
        "any object (`*.config`: `model.config`). See docs/python-engine.md.",
    )
    versions: dict[str, VersionFactsSpec] | None = Field(
        None, description="Per distribution of the pack's `distributions`: since / deprecated / removed (PEP 440 strings)."
    )
    description: str = ""
    takes_receivers: ClassVar[bool] = False  # the operations whose rules may name `receivers:`

    @field_validator("files", "programs", "receivers")
    @classmethod
    def _non_empty_globs(cls, v: list[str] | None) -> list[str] | None:
        return _non_empty(v)

    @model_validator(mode="after")
    def _receivers_only_where_taken(self) -> RuleSpec:
        if self.receivers and not self.takes_receivers:
            raise ValueError("`receivers:` (attribute reads) works with `rename` only")
        return self


class CallsSpec(RuleSpec):
    """An operation that also applies to keyword arguments at call sites."""

    calls: list[str] | None = Field(None, description="Keyword-argument form: callee patterns such as `*.from_pretrained`.")
    unless: UnlessSpec | None = Field(None, description="With `calls`: conditions under which a matching call is left alone.")
    requires: UnlessSpec | None = Field(
        None,
        description="With `calls`: the same conditions, of which one must hold for a matching call to be changed "
        "(`requires: {uses: [device]}`: only in files that refer to a device); elsewhere it is left alone.",
    )
    unresolved: list[str] | None = Field(None, description=UNRESOLVED_HELP)

    @field_validator("calls", "unresolved")
    @classmethod
    def _non_empty_calls(cls, v: list[str] | None) -> list[str] | None:
        return _non_empty(v)

    @model_validator(mode="after")
    def _conditions_need_calls(self) -> CallsSpec:
        for name in ("unless", "requires", "unresolved"):
            if getattr(self, name) is not None and not self.calls:
                raise ValueError(f"`{name}` is a condition on call rules: give `calls:` too")
        return self

    def check_keyword(self, subject: str) -> None:
        if self.calls and "." in subject:
            raise ValueError("with `calls`, the subject is a keyword name, not a key path")


def _non_empty(v: list[str] | None) -> list[str] | None:
    if v is not None and any(not isinstance(p, str) or not p.strip() for p in v):
        raise ValueError("patterns must be non-empty strings")
    return v


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


def operation_fields(spec: type[BaseModel]) -> dict[str, str]:
    """Key in the pack -> attribute, for every field (``copy`` is held as ``copy_``: pydantic's own
    ``BaseModel.copy`` owns the plain name)."""
    return {info.alias or name: name for name, info in spec.model_fields.items()}


def subject_of(spec: BaseModel, op: str) -> Any:
    """The value of the operation key (``rename: data.x`` -> ``data.x``)."""
    return getattr(spec, operation_fields(type(spec)).get(op, op), None)


def common_fields(spec: RuleSpec, subject: str, pack: str, line: int) -> dict[str, Any]:
    """The runtime values of the fields every rule has (the keyword arguments of :class:`Rule`)."""
    when = spec.when
    return {
        "id": spec.id,
        "path": KeyPath.parse(subject),
        "when": None if when is None else tuple(when) if isinstance(when, list) else (when,),
        "files": tuple(spec.files or ()),
        "description": spec.description,
        "calls": tuple(getattr(spec, "calls", None) or ()),
        "unless": compile_unless(getattr(spec, "unless", None)),
        "requires": compile_unless(getattr(spec, "requires", None)),
        "unresolved": tuple(getattr(spec, "unresolved", None) or ()),
        "programs": tuple(spec.programs or ()),
        "receivers": tuple(spec.receivers or ()),
        "versions": compile_facts(spec.versions),
        "pack": pack,
        "line": line,
    }


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
    """An operation as the registry lists it."""

    name: str
    spec: type[RuleSpec]
    rule: type[Rule]
    compile: Callable[[Any, dict[str, Any]], Rule]  # (validated spec, common fields) -> runtime rule
    invert: Inverse
    doc: OperationDoc


def not_reversible(why: str) -> Inverse:
    return lambda rule: why


def lossy_setting(rule: Any) -> str:
    """Why a rule's settings make it irreversible, or '' (shared by rename, move and map)."""
    if rule.when is not None:
        return "a rule with `when` cannot tell which values it changed"
    if getattr(rule, "on_conflict", "error") != "error":
        return f"`on_conflict: {rule.on_conflict}` drops one of two values, which the inverse cannot bring back"
    return ""
