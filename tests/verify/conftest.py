"""Helpers for the verify tests: run the command through click, read its JSON report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cfgmigrate.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
CPU_FLASH = "aten._scaled_dot_product_flash_attention_for_cpu"


def run_verify(*args: str, cwd: Path = FIXTURES) -> tuple[int, dict[str, Any]]:
    """(exit code, parsed JSON report) of `cfgmigrate verify --format json ARGS` run in ``cwd``."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(main, ["verify", "--format", "json", *args])
    finally:
        os.chdir(old)
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, json.loads(r.stdout)
