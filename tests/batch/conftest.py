from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from campaign_repos import batch, make_campaign
from click.testing import Result

ROOT = Path(__file__).parents[2]
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


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Any]:
    """One local Ray for the whole session (starting Ray costs seconds); ``batch`` reuses it."""
    ray = pytest.importorskip("ray")
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": {"PYTHONPATH": path}})
    yield ray
    ray.shutdown()
