"""Built-in rule packs, shipped inside the wheel as ``cfgmigrate.builtin_packs``."""

from __future__ import annotations

from importlib import resources


def names() -> list[str]:
    """The built-in packs' names (``transformers-v5`` for ``transformers-v5.yaml``), sorted."""
    root = resources.files(__name__)
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def text(name: str) -> str:
    """The text of the built-in pack ``name`` (one of :func:`names`)."""
    return (resources.files(__name__) / f"{name}.yaml").read_text(encoding="utf-8")
