"""Editors and pipes, driven through a real process: `-` with --stdin-filename, --quiet, --color,
and a file named on the command line that git ignores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PACK = """name: t
files: ["**/*.yaml", "**/*.json"]
rules:
  - id: lr
    rename: "**.lr"
    to: learning_rate
"""
SUMMARY = "cfgmigrate: 1 files scanned, 1 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n"


def cfgmigrate(
    cwd: Path, *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "cfgmigrate", "apply", "-r", "pack.yaml", *args]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=120, env=env)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "configs").mkdir()
    return tmp_path


def test_stdin_is_migrated_as_the_named_file_and_printed_byte_for_byte(project: Path) -> None:
    r = cfgmigrate(project, "-", "--stdin-filename", "configs/new.yaml", stdin=b"\xef\xbb\xbflr: 1\r\nseed: 2\r\n")
    assert (r.returncode, r.stdout, r.stderr.decode()) == (0, b"\xef\xbb\xbflearning_rate: 1\r\nseed: 2\r\n", SUMMARY)
    assert not (project / "configs" / "new.yaml").exists()  # nothing written


def test_stdin_outside_the_packs_scope_passes_through_and_dry_run_gives_a_diff(project: Path) -> None:
    r = cfgmigrate(project, "-q", "-", "--stdin-filename", "notes.txt", stdin=b"lr: 1\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, b"lr: 1\n", b"")
    r = cfgmigrate(project, "--dry-run", "-q", "-", "--stdin-filename", "configs/a.yaml", stdin=b"lr: 1\n")
    assert (
        r.stdout
        == b"diff --git a/configs/a.yaml b/configs/a.yaml\n--- a/configs/a.yaml\n+++ b/configs/a.yaml\n@@ -1 +1 @@\n-lr: 1\n+learning_rate: 1\n"
    )
    r = cfgmigrate(project, "--check", "-", "--stdin-filename", "configs/a.yaml", stdin=b"lr: 1\n")
    assert (r.returncode, r.stdout) == (1, b"")


def test_stdin_that_cannot_be_migrated_is_printed_back_unchanged_with_the_error(project: Path) -> None:
    """An editor that replaces its buffer with the output (`:%!cfgmigrate ...`) never loses the text."""
    r = cfgmigrate(project, "-q", "-", "--stdin-filename", "configs/a.yaml", stdin=b"lr: [1\n")
    assert (r.returncode, r.stdout) == (2, b"lr: [1\n")
    assert r.stderr.decode().startswith("configs/a.yaml:2: cannot parse: ")
    r = cfgmigrate(project, "-q", "-", "--stdin-filename", "configs/a.yaml", stdin=b"lr: \xff\n")
    assert (r.returncode, r.stdout, r.stderr) == (2, b"lr: \xff\n", b"configs/a.yaml: not UTF-8 text (byte 4); left as it was\n")


def test_stdin_usage_errors(project: Path) -> None:
    assert b"give --stdin-filename PATH" in cfgmigrate(project, "-", stdin=b"").stderr
    assert b"cannot be combined" in cfgmigrate(project, "-", "configs", "--stdin-filename", "a.yaml").stderr
    assert b"--stdin-filename goes with the PATH '-'" in cfgmigrate(project, ".", "--stdin-filename", "a.yaml").stderr


def test_quiet_prints_problems_only(project: Path) -> None:
    (project / "configs" / "a.yaml").write_text("lr: 1\n")
    (project / "configs" / "b.yaml").write_text("lr: [1\n")
    r = cfgmigrate(project, "--check", "-q", ".")
    assert (r.returncode, r.stdout) == (2, b"")
    assert r.stderr.decode().splitlines() == [
        "configs/b.yaml:2: cannot parse: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'; left as it was"
    ]


def test_color_always_never_and_no_color(project: Path) -> None:
    (project / "configs" / "a.yaml").write_text("lr: 1\n")
    always = cfgmigrate(project, "--dry-run", "--color", "always", ".").stdout
    assert b"\x1b[32m+learning_rate: 1\x1b[0m\n" in always
    env = os.environ | {"NO_COLOR": "1"}
    for args in (("--color", "never"), ()):
        assert b"\x1b" not in cfgmigrate(project, "--dry-run", *args, ".", env=env).stdout


def test_no_progress_bar_escapes_under_no_color_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from cfgmigrate.progress import progress_bar

    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    with progress_bar() as progress:
        assert progress is None
    monkeypatch.delenv("NO_COLOR")
    with progress_bar(enabled=False) as progress:
        assert progress is None


def test_a_named_file_that_git_ignores_is_migrated_with_a_note(project: Path) -> None:
    (project / ".gitignore").write_text("*.json\n")
    (project / "configs" / "config.json").write_text('{"lr": 1}\n')
    r = cfgmigrate(project, "configs/config.json")
    assert r.returncode == 0
    assert r.stderr.decode() == (
        "configs/config.json: note: git ignores this file; migrated because it was named on the command line\n" + SUMMARY
    )
    assert (project / "configs" / "config.json").read_text() == '{"learning_rate": 1}\n'
    (project / "configs" / "other.json").write_text('{"lr": 1}\n')
    assert cfgmigrate(project, ".").returncode == 0
    assert (project / "configs" / "other.json").read_text() == '{"lr": 1}\n'  # not named: still ignored


VERSIONED_PACK = """name: t
distributions: [transformers]
files: ["**/*.yaml"]
rules:
  - id: dtype
    rename: "**.torch_dtype"
    to: dtype
    versions: {transformers: {since: "4.56.0"}}
"""


def test_stdin_follows_the_version_policy_of_the_project(project: Path) -> None:
    """A project pinned below a rule's `since` gets the rule held back on stdin as on files (the
    text comes back unchanged, the held-back change reported with the pin); --target moves it;
    --bump is refused (it writes pins) and the text still comes back."""
    (project / "pack.yaml").write_text(VERSIONED_PACK)
    (project / "requirements.txt").write_text("transformers==4.52.4\n")
    text = b"model:\n  torch_dtype: bf16\n"
    r = cfgmigrate(project, "-", "--stdin-filename", "configs/m.yaml", stdin=text)
    assert (r.returncode, r.stdout) == (0, text)
    assert r.stderr.decode().splitlines()[0] == (
        "configs/m.yaml:2: dtype: warning: not applied: renamed model.torch_dtype to dtype: held back: the new form "
        "needs transformers>=4.56.0, and the project supports transformers==4.52.4 (requirements.txt:1); --bump raises the pin"
    )
    r = cfgmigrate(project, "-", "--stdin-filename", "configs/m.yaml", "--target", "transformers==5.0.0", stdin=text)
    assert (r.returncode, r.stdout) == (0, b"model:\n  dtype: bf16\n")
    r = cfgmigrate(project, "-", "--stdin-filename", "configs/m.yaml", "--bump", stdin=text)
    assert (r.returncode, r.stdout) == (2, text)
    assert "--bump raises the project's pins in their files: not with stdin" in r.stderr.decode()
