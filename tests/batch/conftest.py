from __future__ import annotations

from pathlib import Path

import pytest
from campaign_repos import batch, make_campaign
from click.testing import Result

REPOSITORIES = 21


@pytest.fixture(scope="session")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """21 generated repositories (made once per session: the tests only read them) and the pack."""
    root = tmp_path_factory.mktemp("campaign")
    return root, make_campaign(root, REPOSITORIES)


@pytest.fixture(scope="session")
def local_run(campaign: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The campaign run once with local workers (``ROOT/out``); tests copy what they change."""
    root, _ = campaign
    here = tmp_path_factory.mktemp("local-run")
    (here / "pack.yaml").write_bytes((root / "pack.yaml").read_bytes())
    (here / "repos.txt").write_bytes((root / "repos.txt").read_bytes())
    return here, batch(here, "--repos", "repos.txt", "-r", "pack.yaml", "--out", "out", "-j", "2")
