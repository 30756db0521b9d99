"""Output formats. Each is one module with ``render(plan) -> str``; the table maps names to them."""

from __future__ import annotations

import importlib
from typing import Any

FORMATS = {
    "diff": "cfgmigrate.render.diff",
    "json": "cfgmigrate.render.json_report",
    "markdown": "cfgmigrate.render.markdown",
    "sarif": "cfgmigrate.render.sarif",
    "github": "cfgmigrate.render.github",
}


def render(fmt: str, plan: Any) -> str:
    text: str = importlib.import_module(FORMATS[fmt]).render(plan)
    return text
