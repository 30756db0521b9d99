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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from packaging.version import Version

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


def newest_versions(rules: Any) -> dict[str, Version]:
    """Per distribution, the newest version a pack's facts name (what a project with no pin is judged at)."""
    from packaging.version import Version

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
