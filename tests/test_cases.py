"""Every folder under tests/cases/ (and the packs' own examples) is one end-to-end CLI case."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefolders import check_case

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str, tmp_path: Path) -> None:
    check_case(CASES / case, tmp_path)
