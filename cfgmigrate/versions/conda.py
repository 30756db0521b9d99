"""Conda ``environment.yml``: ``dependencies`` match specs (``name=1.2``, ``name>=1.2``,
``channel::name 1.2.*``) and the ``pip:`` list of PEP 508 requirements."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cfgmigrate.versions.model import Pin, Source, canonical
from cfgmigrate.versions.requirement import pin_from_requirement

MATCH_SPEC = re.compile(r"^(?:[\w.-]+::)?(?P<name>[A-Za-z0-9][\w.-]*)\s*(?P<spec>.*)$")


def read_environment(root: Path, relpath: str, wanted: frozenset[str]) -> list[Pin]:
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="rt").load((root / relpath).read_text(encoding="utf-8"))
    except Exception:  # ruamel raises many unrelated types; an unreadable file pins nothing
        return []
    deps = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(deps, list):
        return []
    pins: list[Pin] = []
    for i, item in enumerate(deps):
        if isinstance(item, str):
            pins += _conda_pin(item, relpath, _line(deps, i), wanted)
        elif isinstance(item, dict) and isinstance(item.get("pip"), list):
            pip = item["pip"]
            found = [
                pin_from_requirement(s, relpath, _line(pip, j), "conda pip", wanted)
                for j, s in enumerate(pip)
                if isinstance(s, str)
            ]
            pins += [p for p in found if p]
    return pins


def _line(seq: Any, index: int) -> int:
    try:
        return int(seq.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return 0


def _conda_pin(item: str, relpath: str, line: int, wanted: frozenset[str]) -> list[Pin]:
    m = MATCH_SPEC.match(item.strip())
    if not m or canonical(m.group("name")) not in wanted:
        return []
    spec = conda_to_pep440(m.group("spec"))
    return [Pin(canonical(m.group("name")), spec, relpath, line, Source.DECLARED, "conda", text=item.strip())]


def conda_to_pep440(spec: str) -> str:
    """``=1.2`` -> ``==1.2.*``; ``==1.2`` and ``>=1.2,<2`` stay; ``1.2.*`` -> ``==1.2.*``; a build string is dropped."""
    tokens = re.sub(r"\s*,\s*", ",", spec.strip()).split()
    if not tokens:
        return ""
    spec = tokens[0]
    if spec.startswith("=") and not spec.startswith("=="):
        version = spec[1:].split("=")[0]
        return f"=={version}" if version.endswith(".*") else f"=={version}.*"
    if spec[0].isdigit():
        return f"=={spec}"
    return spec
