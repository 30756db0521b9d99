"""Output formats. Each is one module with ``render(plan) -> str``; the table maps names to them."""

from __future__ import annotations

import importlib

FORMATS = {
    "diff": "cfgmigrate.render.diff",
    "json": "cfgmigrate.render.json_report",
}


def render(fmt: str, plan) -> str:  # type: ignore[no-untyped-def]
    return importlib.import_module(FORMATS[fmt]).render(plan)
