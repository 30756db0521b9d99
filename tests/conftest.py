import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests import the case-folder helpers directly

import pytest  # noqa: E402

# Case folders hold projects (their own tests/test_*.py among them) that the CLI migrates: data, never collected.
collect_ignore_glob = ["cases/*"]


@pytest.fixture(scope="session")
def _pack_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("packs"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _pack_cache: str) -> None:
    """Each test gets its own cfgmigrate cache, never the user's; compiled packs are kept for the
    session in a folder of its own (so most runs in the suite load their packs from it)."""
    monkeypatch.setenv("CFGMIGRATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("CFGMIGRATE_PACK_CACHE", _pack_cache)
