"""``compare A B --emit-rules`` between two classes: the name mapping from A's fields to B's, as a
reversible pack of renames (one-to-one, best match first: the synonym table, then words and
spelling), with both defaults beside each pair and the fields that have no counterpart listed."""

from __future__ import annotations

import json
from typing import Any

from cfgmigrate.audit.names import similarity, tokens
from cfgmigrate.classes import ConfigClass

CONFIDENT = 0.75  # pairs below are written commented out


def name_pairs(a: ConfigClass, b: ConfigClass) -> list[tuple[str, str, float, str]]:
    """(A field, B field, confidence, evidence), one-to-one, same names first, then best scores."""
    shared = [(n, n, 1.0, "same name") for n in a.fields if n in b.fields]
    left = [n for n in a.fields if n not in b.fields]
    right = [n for n in b.fields if n not in a.fields]
    scored = sorted(((*_similarity(x, y), x, y) for x in left for y in right), key=lambda s: -s[0])
    pairs, used_a, used_b = list(shared), set(), set()
    for score, why, x, y in scored:
        if score >= 0.5 and x not in used_a and y not in used_b:
            pairs.append((x, y, score, why))
            used_a.add(x)
            used_b.add(y)
    return pairs


def _similarity(x: str, y: str) -> tuple[float, str]:
    """As for near-misses, but one name inside a longer one (``version`` in ``transformers_version``)
    is a guess unless they differ by one word and share at least two."""
    score, why = similarity(x, y)
    small, large = sorted((set(tokens(x)), set(tokens(y))), key=len)
    if why.startswith("one name's words") and (len(large - small) > 1 or len(small) < 2):
        return 0.6, why
    return score, why


def mapping_pack(name: str, a: ConfigClass, b: ConfigClass, files: list[str], target: str = "") -> str:
    """The renames from A's field names to B's; ``target`` (B as named on the command line) becomes
    the pack's ``targets:``, so that `apply` and `rules check` refuse a rule B has no field for."""
    pairs = name_pairs(a, b)
    lines = [
        f"# Written by `cfgmigrate compare --emit-rules`: {a.name} ({a.path}) names -> {b.name} ({b.path}) names.",
        "# Renames only, so `cfgmigrate apply --reverse` gives the original files back.",
        f"name: {name}",
        f"description: {a.name} names to {b.name} names",
        f"files: {json.dumps(files)}",
    ]
    if target:
        lines.append(f"targets: {json.dumps(target)}  # every new name must be a field of it (docs/packs.md)")
    lines.append("rules:")
    for x, y, score, why in pairs:
        if x == y:
            continue
        prefix = "  " if score >= CONFIDENT else "  # "
        lines.append(f"  # {x} (default {_default(a, x)}) -> {y} (default {_default(b, y)}): {why}, confidence {score:.2f}")
        lines += [
            f"{prefix}- id: {_slug(x)}-to-{_slug(y)}",
            f"{prefix}  rename: {json.dumps(x)}",
            f"{prefix}  to: {json.dumps(y)}",
        ]
    lines += _synonyms(pairs) + _unpaired(a, b, pairs)
    return "\n".join(lines) + "\n"


def _synonyms(pairs: list[tuple[str, str, float, str]]) -> list[str]:
    same = [x for x, y, _, _ in pairs if x == y]
    return ["# same name on both sides: " + ", ".join(same)] if same else []


def _unpaired(a: ConfigClass, b: ConfigClass, pairs: list[tuple[str, str, float, str]]) -> list[str]:
    only_a = [n for n in a.fields if n not in {x for x, _, _, _ in pairs}]
    only_b = [n for n in b.fields if n not in {y for _, y, _, _ in pairs}]
    out = []
    if only_a:
        out.append(f"# only in {a.name} (left as they are): " + ", ".join(only_a))
    if only_b:
        out.append(f"# only in {b.name}: " + ", ".join(f"{n}{' (required)' if b.fields[n].required else ''}" for n in only_b))
    return out


def _default(cls: ConfigClass, name: str) -> Any:
    f = cls.fields[name]
    return "<required>" if f.required else json.dumps(f.default, default=str)


def _slug(text: str) -> str:
    return text.replace("_", "-").lower()
