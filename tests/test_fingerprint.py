"""The fingerprint of cfgmigrate's source (what the file cache and the compiled-pack cache are keyed
by) changes when any source file does, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cfgmigrate

PRINT = "from cfgmigrate.fingerprint import source_hash; print(source_hash())"


def _fingerprint(site: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", PRINT], env=env, capture_output=True, text=True, check=True, cwd=site)
    return out.stdout.strip()


def test_the_fingerprint_follows_an_edit_of_any_source_file_and_nothing_else(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(Path(cfgmigrate.__file__).parent, site / "cfgmigrate", ignore=shutil.ignore_patterns("__pycache__"))
    engine = site / "cfgmigrate" / "engines" / "config_engine.py"
    first = _fingerprint(site)
    assert _fingerprint(site) == first  # a run that changed nothing: the same key (bytecode written meanwhile)
    (site / "cfgmigrate" / "notes.txt").write_text("not source\n")
    assert _fingerprint(site) == first
    engine.write_text(engine.read_text() + "# patched\n")
    patched = _fingerprint(site)
    assert patched != first
    st = engine.stat()
    os.utime(engine, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # same bytes, new time: a checkout, say
    assert _fingerprint(site) not in (first, patched)
    (site / "cfgmigrate" / "engines" / "extra.py").write_text("")
    assert len({first, patched, _fingerprint(site)}) == 3


def test_the_same_source_in_another_folder_is_another_fingerprint(tmp_path: Path) -> None:
    for name in ("a", "b"):  # copytree keeps the times: the same sizes and times, in two folders
        shutil.copytree(
            Path(cfgmigrate.__file__).parent, tmp_path / name / "cfgmigrate", ignore=shutil.ignore_patterns("__pycache__")
        )
    assert _fingerprint(tmp_path / "a") != _fingerprint(tmp_path / "b")
