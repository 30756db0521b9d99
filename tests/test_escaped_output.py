"""Control characters in file names and messages are escaped in every human-facing line: a name
holding a newline cannot print a line that GitHub Actions reads as an annotation."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from hostile import RENAME_PACK, cfgmigrate

from cfgmigrate.escape import escape_controls, git_quoted

FORGED = "\n::error file=README.md,line=1::forged"
SHOWN = "\\n::error file=README.md,line=1::forged"


def forged_project(root: Path) -> None:
    (root / "pack.yaml").write_text(RENAME_PACK)
    (root / f"x{FORGED}.yaml").write_text("lr: 1\n")
    (root / f"y{FORGED}\x1b[2K.yaml").write_text("lr: [\n")


def no_forged_line(text: str) -> bool:
    return not any(line.startswith("::error file=README.md") for line in text.splitlines())


def test_check_and_errors_escape_the_names(tmp_path: Path) -> None:
    forged_project(tmp_path)
    r = cfgmigrate(tmp_path, "--check")
    assert r.returncode == 2
    assert r.stdout == f"would change x{SHOWN}.yaml (1 change)\n"
    assert r.stderr.splitlines()[0] == (
        f"y{SHOWN}\\x1b[2K.yaml:2: cannot parse: while parsing a flow node, expected the node content, "
        "but found '<stream end>'; left as it was"
    )
    assert no_forged_line(r.stdout + r.stderr) and "\x1b" not in r.stderr


def test_github_and_markdown_formats_forge_nothing(tmp_path: Path) -> None:
    forged_project(tmp_path)
    for fmt in ("markdown", "github"):
        r = cfgmigrate(tmp_path, "--dry-run", "--format", fmt)
        assert r.returncode == 2 and no_forged_line(r.stdout + r.stderr), fmt
        assert "\x1b" not in r.stdout + r.stderr, fmt
    assert r.stdout.splitlines()[0].startswith("::warning file=x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged.yaml,line=1,")


def test_the_diff_quotes_names_as_git_does_and_git_applies_it(tmp_path: Path) -> None:
    forged_project(tmp_path)
    r = cfgmigrate(tmp_path, "--dry-run")
    quoted = f'"a/x{SHOWN}.yaml" "b/x{SHOWN}.yaml"'
    assert r.stdout.splitlines()[:3] == [f"diff --git {quoted}", f'--- "a/x{SHOWN}.yaml"', f'+++ "b/x{SHOWN}.yaml"']
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply"], cwd=tmp_path, input=r.stdout, text=True, check=True)
    assert (tmp_path / f"x{FORGED}.yaml").read_text() == "learning_rate: 1\n"


def test_escapes() -> None:
    assert escape_controls("a\tb\r\n\x00\x7f\x85\u202e") == "a\\tb\\r\\n\\x00\\x7f\\x85\\u202e"
    assert escape_controls("plain é ✓") == "plain é ✓"
    assert git_quoted('a/dir/é "x".yaml') == '"a/dir/\\303\\251 \\"x\\".yaml"'
    assert git_quoted("a/é.yaml") == "a/é.yaml"


def test_audit_and_verify_tables_show_keys_and_names_as_written(tmp_path: Path) -> None:
    import subprocess as sp
    import sys

    (tmp_path / "app.py").write_text(
        "import json\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Attention:\n    heads: int = 1\n\n\n"
        "def load(path):\n    with open(path) as f:\n        cfg = json.load(f)\n    return Attention(**cfg['attention'])\n"
    )
    key = "x[/bold]" + FORGED + "\x1b[2K"
    (tmp_path / "run.json").write_text(json.dumps({"attention": {"heads": 2, key: 1}}) + "\n")
    audit = sp.run(
        [sys.executable, "-m", "cfgmigrate", "audit", "--root", ".", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert audit.returncode == 1, audit.stderr
    assert "attention.x[/bold]\\n::error file=README.md,line=1::forged\\x1b[2K is not a field of Attention" in audit.stdout
    (tmp_path / f"c{FORGED}.yaml").write_text("attention: {heads: '2'}\n")
    verify = sp.run(
        [
            sys.executable,
            "-m",
            "cfgmigrate",
            "verify",
            "--root",
            ".",
            "--config",
            f"c{FORGED}.yaml",
            "--class",
            "app.py::Attention",
            "--section",
            "attention",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 1, verify.stderr
    assert f"c{SHOWN}.yaml:1: Attention.heads: Input should be a valid integer" in verify.stdout
    for out in (audit.stdout, verify.stdout):
        assert no_forged_line(out) and "\x1b" not in out
