"""`cfgmigrate batch --executor ray` on a real local Ray (one per test session): the same outputs as
local worker processes, and a task past its timeout cancelled."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from campaign_repos import batch, tree
from click.testing import Result

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """One local Ray for these tests (starting Ray costs seconds; it stops before the next module)."""
    ray = pytest.importorskip("ray")
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": {"PYTHONPATH": path}})
    yield ray
    ray.shutdown()


def test_ray_and_local_campaigns_write_identical_outputs(
    ray_cluster: Any, local_run: tuple[Path, Result], tmp_path: Path
) -> None:
    here, local = local_run
    shutil.copy(here / "pack.yaml", tmp_path / "pack.yaml")
    shutil.copy(here / "repos.txt", tmp_path / "repos.txt")
    on_ray = batch(tmp_path, "--repos", "repos.txt", "-r", "pack.yaml", "--out", "out", "--executor", "ray")
    assert (local.exit_code, on_ray.exit_code) == (2, 2)  # repository 7's broken config, in both
    assert on_ray.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
    local_files, ray_files = tree(here / "out"), tree(tmp_path / "out")
    assert len(local_files) == 21 * 2 + 16 + 2  # outcome + report each, 16 patches, the summaries
    assert ray_files == local_files
    assert ray_cluster.is_initialized()  # the session's Ray was reused, not shut down


def test_a_ray_task_past_its_timeout_is_cancelled(ray_cluster: Any, campaign: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, locations = campaign
    r = batch(tmp_path, locations[1], "-r", str(root / "pack.yaml"), "--out", "out", "--executor", "ray", "--timeout", "0.001")
    assert r.exit_code == 2
    assert "repo-01: failed: timed out after 0.001 s (2 attempts)\n" in r.stderr
