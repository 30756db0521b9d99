"""Version facts in the rule language: a pack's ``distributions`` and a rule's ``versions``, e.g.

    distributions: [transformers]
    rules:
      - id: torch-dtype-kwarg
        versions:
          transformers: {since: "4.56.0", deprecated: "4.56.0"}

``since``: the first version where the new form works; ``deprecated``: the first where the old form
warns; ``removed``: the first where the old form fails (or is ignored). PEP 440, written as strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cfgmigrate.types import Diagnostic

FACTS = ("since", "deprecated", "removed")
FACTS_DOC = """\
## versions

A rule's version facts, per distribution the pack lists in `distributions` (PEP 440 versions,
written as strings): `since` is the first version where the rule's new form works, `deprecated`
the first where the old form warns, `removed` the first where the old form fails or is ignored.

**Policy** A rule whose `since` is above the lowest version the project supports is held back and
reported with the pin's file and line (`--bump` applies it and raises the pin; `--target NAME==VER`
judges at another version). A rule with `deprecated` but no `removed` only silences a warning and
applies only with `--deprecations`. See docs/versions.md.

**Rule**

```yaml
distributions: [transformers]
rules:
  - id: torch-dtype-kwarg
    rename: torch_dtype
    to: dtype
    calls: ["*.from_pretrained"]
    versions:
      transformers: {since: "4.56.0", deprecated: "4.56.0"}
```
"""


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


@dataclass(frozen=True)
class VersionFacts:
    """Runtime form (strings, so rules stay picklable and hashable)."""

    distribution: str
    since: str | None = None
    deprecated: str | None = None
    removed: str | None = None

    def describe(self) -> str:
        parts = [f"{f} {getattr(self, f)}" for f in FACTS if getattr(self, f)]
        return f"{self.distribution}: {', '.join(parts)}"

    @property
    def only_deprecated(self) -> bool:
        """The old form still works in every version the pack knows: the rule only silences a warning."""
        return bool(self.deprecated) and not self.removed


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


def newest_versions(rules: Any) -> dict[str, Version]:
    """Per distribution, the newest version a pack's facts name (what a project with no pin is judged at)."""
    newest: dict[str, Version] = {}
    for rule in rules:
        for f in rule.versions:
            for value in (f.since, f.deprecated, f.removed):
                if value and (f.distribution not in newest or Version(value) > newest[f.distribution]):
                    newest[f.distribution] = Version(value)
    return newest


def facts_table(pack: Any) -> str:
    """``rules show NAME --versions``: one line per rule, its facts or that it has none."""
    width = max((len(r.id) for r in pack.rules), default=0)
    lines = [f"{r.id:{width}}  {'; '.join(f.describe() for f in r.versions) or '(no version facts)'}" for r in pack.rules]
    head = f"{pack.name}: distributions {', '.join(pack.distributions) or 'none'}"
    return "\n".join([head, *lines]) + "\n"
