"""Compiled packs kept by content (cfgmigrate/pack_cache.py): the same result as validating, found
again only while the pack's text and cfgmigrate's source are the same, and never a way to run code."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cfgmigrate import pack_cache
from cfgmigrate.errors import PackError
from cfgmigrate.pack import load_pack_text

PACK = "name: p\nfiles: ['**/*.yaml']\nrules:\n  - id: lr\n    rename: '**.lr'\n    to: learning_rate\n"
BROKEN = "name: p\nrules:\n  - id: lr\n    rename: '**.lr'\n"
CLI = [sys.executable, "-m", "cfgmigrate"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "packs"
    monkeypatch.setenv("CFGMIGRATE_PACK_CACHE", str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + pack_cache.SUFFIX))


def test_a_pack_is_kept_and_found_again_equal_to_a_validated_one(folder: Path) -> None:
    first = pack_cache.load_pack_text(PACK, "pack.yaml")
    [entry] = entries(folder)
    second = pack_cache.load_pack_text(PACK, "pack.yaml")
    assert first == second == load_pack_text(PACK, "pack.yaml")
    assert entries(folder) == [entry]
    assert pack_cache.load_pack_text(PACK, "other.yaml").path == "other.yaml"  # the name shown is part of the key
    assert len(entries(folder)) == 2


def test_a_changed_pack_is_validated_again_and_its_errors_reported(folder: Path) -> None:
    pack_cache.load_pack_text(PACK, "pack.yaml")
    with pytest.raises(PackError) as raised:
        pack_cache.load_pack_text(BROKEN, "pack.yaml")
    assert [(d.path, d.line, d.rule, d.message) for d in raised.value.diagnostics] == [
        ("pack.yaml", 3, "lr", "rename needs `to`")
    ]
    assert len(entries(folder)) == 1  # a pack with problems is never kept


def test_a_planted_entry_cannot_run_code_and_is_replaced(folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    folder.mkdir(mode=0o700)
    entry = folder / (pack_cache.entry_key(PACK, "pack.yaml") + pack_cache.SUFFIX)
    entry.write_bytes(pack_cache.FORMAT + b"\n" + pickle.dumps(Payload()))
    assert pack_cache.load_pack_text(PACK, "pack.yaml") == load_pack_text(PACK, "pack.yaml")
    assert not marker.exists()
    assert pickle.loads(entry.read_bytes()[len(pack_cache.FORMAT) + 1 :]) == load_pack_text(PACK, "pack.yaml")


@pytest.mark.parametrize("data", [b"", pack_cache.FORMAT + b"\n" + b"\x80\x05truncated", b"other-format\n..."])
def test_an_unreadable_entry_is_ignored(folder: Path, data: bytes) -> None:
    folder.mkdir(mode=0o700)
    entry = folder / (pack_cache.entry_key(PACK, "pack.yaml") + pack_cache.SUFFIX)
    entry.write_bytes(data)
    assert pack_cache.load_pack_text(PACK, "pack.yaml") == load_pack_text(PACK, "pack.yaml")
    assert entry.read_bytes() != data


def test_a_folder_others_may_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    assert pack_cache.cache_folder() is None
    pack_cache.load_pack_text(PACK, "pack.yaml")
    assert entries(folder) == []


def test_off_turns_it_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CFGMIGRATE_PACK_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pack_cache.cache_folder() is None
    pack_cache.load_pack_text(PACK, "pack.yaml")
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CFGMIGRATE_PACK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pack_cache.cache_folder() == tmp_path / "cfgmigrate" / "packs"
    assert oct((tmp_path / "cfgmigrate" / "packs").stat().st_mode & 0o777) == "0o700"


def test_without_a_home_there_is_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CFGMIGRATE_PACK_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # HOME unset, no password entry
    monkeypatch.chdir(tmp_path)
    assert pack_cache.cache_folder() is None
    pack_cache.load_pack_text(PACK, "pack.yaml")
    assert list(tmp_path.iterdir()) == []


def test_only_the_newest_entries_are_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_cache, "KEEP", 2)
    for i in range(4):
        pack_cache.load_pack_text(PACK, f"p{i}.yaml")
        entry = folder / (pack_cache.entry_key(PACK, f"p{i}.yaml") + pack_cache.SUFFIX)
        os.utime(entry, ns=(i * 10**9, i * 10**9))  # written one second apart
    kept = [folder / (pack_cache.entry_key(PACK, f"p{i}.yaml") + pack_cache.SUFFIX) for i in (2, 3)]
    assert entries(folder) == sorted(kept)


def test_a_second_cli_run_says_the_same_without_importing_pydantic(folder: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.yaml").write_text("optim:\n  lr: 0.1\n")
    (tmp_path / "pack.yaml").write_text(PACK)
    run = [*CLI, "apply", "--dry-run", "--no-cache", "-j", "1", "--root", ".", "-r", "../pack.yaml", "."]
    cold = subprocess.run(run, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    warm = subprocess.run(run, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert cold.returncode == 0 and "+  learning_rate: 0.1" in cold.stdout
    probe = (
        "import sys; sys.argv = " + repr(["cfgmigrate", *run[3:]]) + "\n"
        "from cfgmigrate.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m.startswith('cfgmigrate.ops.specs')), file=sys.stderr)\n"
    )
    seen = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True)
    assert seen.stderr.splitlines()[-1] == "[]"
