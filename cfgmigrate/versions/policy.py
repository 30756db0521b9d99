"""Which version-bound rules apply to a project (docs/versions.md).

- A rule whose new form needs a version above the lowest one the project supports is **held back**:
  reported with the pin's file and line, not made. ``--bump`` makes it and raises the pin.
- A rule that only silences a deprecation (the old form still works in every version the pack
  knows) applies only with ``--deprecations``.
- Everything else applies.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from packaging.version import Version

from cfgmigrate.rules import Rule
from cfgmigrate.versions.model import Judged, Source

BUMPABLE = (Source.DECLARED, Source.TARGET)  # a --target run raises the declared pins it finds


class Verdict(str, enum.Enum):
    APPLY = "apply"
    HELD_BACK = "held back"
    DEPRECATION_ONLY = "deprecation only"


@dataclass(frozen=True)
class Decision:
    rule: Rule  # or a leftovers.Retired entry: anything with `versions`
    verdict: Verdict
    needs: tuple[tuple[str, Version], ...] = ()  # (distribution, version) the pin must reach
    reason: str = ""


def decide(rule: Any, judged: Mapping[str, Judged], bump: bool = False, deprecations: bool = False) -> Decision:
    needs = tuple(_needs(rule, judged))
    held = [_held_reason(d, v, judged[d], bump) for d, v in needs if not (bump and judged[d].source in BUMPABLE)]
    silencing = bool(rule.versions) and all(f.only_deprecated for f in rule.versions) and not deprecations
    if silencing:
        facts = "; ".join(f.describe() for f in rule.versions)
        held.append(f"it only silences a deprecation warning ({facts}; not removed): apply it with --deprecations")
    if not held:
        return Decision(rule, Verdict.APPLY, needs)
    verdict = Verdict.DEPRECATION_ONLY if silencing and len(held) == 1 else Verdict.HELD_BACK
    return Decision(rule, verdict, needs, "; ".join(held))


def _needs(rule: Rule, judged: Mapping[str, Judged]) -> list[tuple[str, Version]]:
    out = []
    for facts in rule.versions:
        j = judged.get(facts.distribution)
        if facts.since and j is not None and (j.lowest is None or j.lowest < Version(facts.since)):
            out.append((facts.distribution, Version(facts.since)))
    return out


def _held_reason(name: str, needed: Version, j: Judged, bump: bool) -> str:
    pin = j.lowest_pin
    supports = f"{name}{pin.specifier}" if pin and pin.specifier else f"{name} (any version)"
    where = f" ({pin.where})" if pin and pin.path else f" ({pin.kind})" if pin else ""
    text = f"held back: the new form needs {name}>={needed}, and the project supports {supports}{where}"
    return text + "; " + _how_to_raise(name, needed, j)


def _how_to_raise(name: str, needed: Version, j: Judged) -> str:
    target = f"--target '{name}>={needed}'"
    if j.source in BUMPABLE:
        return "--bump raises the pin"
    if j.source is Source.CHECKOUT and j.lowest_pin:
        return f"update the checkout {j.lowest_pin.text} to {name}>={needed} (--bump does not move a checkout), or pass {target}"
    if j.source is Source.LOCK:
        return f"re-lock with {name}>={needed} (--bump does not edit lock files), or pass {target}"
    return f"pin {name} in the project, or pass {target}"
