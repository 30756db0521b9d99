"""What the docs tell users to pin is a released version: the package's, with its CHANGELOG entry."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

from cfgmigrate import __version__

ROOT = Path(__file__).resolve().parents[1]
PINS = re.compile(r"(?:rev: |cfgmigrate/cfgmigrate@|cfgmigrate/cfgmigrate/)v(\d+\.\d+\.\d+)")


def test_every_pinned_version_in_the_docs_is_the_released_package_version() -> None:
    texts = [ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml", *sorted((ROOT / "docs").glob("*.md"))]
    pins = {(path.name, pin) for path in texts for pin in PINS.findall(path.read_text())}
    assert {pin for _, pin in pins} == {__version__}, sorted(pins)
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"] == __version__


def test_the_changelog_has_a_dated_entry_for_the_released_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.M)
    assert released and released[0] == __version__
    assert text.index("## [Unreleased]") < text.index(f"## [{__version__}]")
