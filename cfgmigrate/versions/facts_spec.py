"""The pack side of version facts: the pydantic model of a rule's ``versions`` entry, its check
against the pack's ``distributions``, and its compilation into
:class:`~cfgmigrate.versions.facts.VersionFacts`."""

from __future__ import annotations

from typing import Any

from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cfgmigrate.types import Diagnostic
from cfgmigrate.versions.facts import FACTS, VersionFacts


class VersionFactsSpec(BaseModel):
    """What one distribution's versions say about a rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: str | None = Field(None, description="First version where the rule's new form works (PEP 440).")
    deprecated: str | None = Field(None, description="First version where the old form warns.")
    removed: str | None = Field(None, description="First version where the old form fails or is ignored.")

    @field_validator("since", "deprecated", "removed", mode="before")
    @classmethod
    def _pep440(cls, v: Any) -> Any:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            raise ValueError(f'quote the version: YAML reads {v!r} as a number (write "{v}")')
        if isinstance(v, str):
            try:
                Version(v)
            except InvalidVersion:
                raise ValueError(f"{v!r} is not a PEP 440 version") from None
        return v

    @model_validator(mode="after")
    def _order(self) -> VersionFactsSpec:
        if not any(getattr(self, f) for f in FACTS):
            raise ValueError("give at least one of since, deprecated, removed")
        removed = Version(self.removed) if self.removed else None
        for name in ("since", "deprecated"):
            value = getattr(self, name)
            if removed and value and Version(value) > removed:
                raise ValueError(f"{name} {value} comes after removed {self.removed}")
        return self


def compile_facts(specs: dict[str, VersionFactsSpec] | None) -> tuple[VersionFacts, ...]:
    from cfgmigrate.versions.model import canonical

    return tuple(VersionFacts(canonical(d), s.since, s.deprecated, s.removed) for d, s in sorted((specs or {}).items()))


def facts_problems(distributions: list[str], rules: list[Any], line_of: Any, shown: str, key: str = "rules") -> list[Diagnostic]:
    """A rule's (or a retired entry's) ``versions`` may only name distributions the pack lists in ``distributions``."""
    from cfgmigrate.versions.model import canonical

    known = {canonical(d) for d in distributions}
    out = []
    for i, rule in enumerate(rules):
        for name in getattr(rule, "versions", None) or {}:
            if canonical(name) not in known:
                listed = ", ".join(distributions) or "none"
                message = f"versions: {name!r} is not in the pack's `distributions` (listed: {listed})"
                out.append(Diagnostic(shown, line_of((key, i, "versions", name)), rule.id or rule.name, message))
    return out
