"""A run killed between writing a temp file and replacing the file leaves the file old and the temp
file behind; the next run removes the temp file (its writer is gone) and says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hostile import RENAME_PACK, REPO, cfgmigrate

from cfgmigrate.tempfiles import NAMELESS_AGE_S, stale_temps

# A writer that stops for good between the temp file and the replace, like a SIGKILL landing there.
STOPPED_WRITER = """
import os, sys, time
from pathlib import Path
from cfgmigrate.writer import digest, write_atomic
os.replace = lambda *a: (print("replacing", flush=True), time.sleep(600))
p = Path(sys.argv[1])
write_atomic(p, b"learning_rate: 1\\n", digest(p.read_bytes()), p.parent)
"""


def kill_mid_write(path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", STOPPED_WRITER, str(path)], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "replacing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def temps(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.endswith(".cfgmigrate.tmp"))


def test_the_next_run_removes_what_a_killed_run_left_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    (tmp_path / "a.yaml").write_text("lr: 1\n")
    kill_mid_write(tmp_path / "a.yaml")
    [temp] = temps(tmp_path)
    assert (tmp_path / "a.yaml").read_text() == "lr: 1\n"  # old, whole
    r = cfgmigrate(tmp_path, "--check")
    assert (r.returncode, r.stderr.splitlines()[0]) == (
        1,
        f"cfgmigrate: {temp} is a temp file left by a killed run (`cfgmigrate apply` removes it)",
    )
    assert temps(tmp_path) == [temp]  # a preview writes nothing
    r = cfgmigrate(tmp_path)  # pack.yaml, clean, is known to the cache by now
    assert (r.returncode, r.stderr) == (
        0,
        f"cfgmigrate: removed {temp}, a temp file left by a killed run\n"
        "cfgmigrate: 2 files scanned, 1 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n",
    )
    assert temps(tmp_path) == [] and (tmp_path / "a.yaml").read_text() == "learning_rate: 1\n"


def test_temp_files_of_live_runs_and_look_alikes_are_kept(tmp_path: Path) -> None:
    names = {
        f".a.yaml.{os.getpid()}.abcd1234.cfgmigrate.tmp": False,  # this (live) process
        ".a.yaml.abcd1234.cfgmigrate.tmp": False,  # an older cfgmigrate's name, recent
        ".b.yaml.zzzz9999.cfgmigrate.tmp": True,  # the same, over an hour old
        "notes.cfgmigrate.tmp": False,  # not a name cfgmigrate makes
    }
    for name in names:
        (tmp_path / name).write_text("x")
    old = time.time() - NAMELESS_AGE_S - 60
    os.utime(tmp_path / ".b.yaml.zzzz9999.cfgmigrate.tmp", (old, old))
    (tmp_path / ".c.yaml.1.abcd1234.cfgmigrate.tmp").symlink_to("a.yaml")  # never a link
    assert stale_temps(tmp_path, sorted(names) + [".c.yaml.1.abcd1234.cfgmigrate.tmp"]) == tuple(n for n, s in names.items() if s)
