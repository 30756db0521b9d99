"""The fields every rule may have in a rule pack (pydantic), and what every operation's spec shares.

Each operation's spec module (``cfgmigrate/ops/specs/rename.py``, ...) holds the pydantic model of its
fields, their validation and the compilation into the runtime rule of ``cfgmigrate/ops/rename.py``.
Only loading a pack imports these (and pydantic): a run whose compiled pack is cached does not
(``cfgmigrate/pack_cache.py``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.conditions import UNRESOLVED_HELP
from cfgmigrate.ops.specs.conditions import UnlessSpec, compile_unless
from cfgmigrate.versions.facts_spec import VersionFactsSpec, compile_facts


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
