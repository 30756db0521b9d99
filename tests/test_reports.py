"""Reports as users consume them: CRLF diffs `git apply` takes as bytes, the JSON report against its
published schema, SARIF rules with a helpUri and fixes that apply each hunk once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cfgmigrate import __version__
from cfgmigrate.render import diff, sarif
from cfgmigrate.types import Change, Edit, FileResult, Status

PACK = """name: t
files: ["**/*.yaml"]
rules:
  - id: dtype
    rename: "**.torch_dtype"
    to: dtype
  - id: lr
    rename: "**.lr"
    to: learning_rate
"""
REPORT_SCHEMA = Path(__file__).parents[1] / "cfgmigrate" / "report.schema.json"


def cli(root: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The installed command in a real process (bytes in, bytes out: nothing translates newlines)."""
    command = [sys.executable, "-m", "cfgmigrate", "apply", "-r", "pack.yaml", "--root", ".", *args]
    return subprocess.run(command, cwd=root, capture_output=True, input=stdin, timeout=120)


@pytest.fixture()
def crlf_project(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "a.yaml").write_bytes(b"\xef\xbb\xbfmodel:\r\n  torch_dtype: bf16\r\n  lr: 1\r\nend: x")
    return tmp_path


def test_a_crlf_dry_run_is_a_text_diff_that_git_applies_as_bytes(crlf_project: Path) -> None:
    r = cli(crlf_project, "--dry-run", ".")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        b"diff --git a/a.yaml b/a.yaml\n--- a/a.yaml\n+++ b/a.yaml\n@@ -1,4 +1,4 @@\n"
        b" \xef\xbb\xbfmodel:\r\n-  torch_dtype: bf16\r\n-  lr: 1\r\n+  dtype: bf16\r\n+  learning_rate: 1\r\n"
        b" end: x\n\\ No newline at end of file\n"
    )
    wanted = cli(crlf_project, "--dry-run", "--format", "json", ".")
    g = subprocess.run(["git", "apply", "-p1", "-"], cwd=crlf_project, input=r.stdout, capture_output=True)
    assert g.returncode == 0, g.stderr
    assert (crlf_project / "a.yaml").read_bytes() == b"\xef\xbb\xbfmodel:\r\n  dtype: bf16\r\n  learning_rate: 1\r\nend: x"
    assert json.loads(wanted.stdout)["files"][0]["diff"] == r.stdout.decode("utf-8")


def test_lines_break_at_newlines_only_as_git_sees_them() -> None:
    old, new = "a: '\u2028x\x0c'\nb: 1\n", "a: '\u2028x\x0c'\nb: 2\n"
    assert diff.file_diff("f.yaml", old, new) == (
        "diff --git a/f.yaml b/f.yaml\n--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a: '\u2028x\x0c'\n-b: 1\n+b: 2\n"
    )


def test_text_with_a_nul_byte_gets_a_binary_patch_git_applies(tmp_path: Path) -> None:
    old, new = "a: 1\n# \0\n", "a: 2\n# \0\n"
    (tmp_path / "f.yaml").write_text(old)
    patch = diff.file_diff("f.yaml", old, new)
    assert "GIT binary patch\n" in patch
    g = subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=patch.encode(), capture_output=True)
    assert g.returncode == 0, g.stderr
    assert (tmp_path / "f.yaml").read_text() == new


def test_the_json_report_has_its_version_and_matches_its_published_schema(crlf_project: Path) -> None:
    (crlf_project / "bad.yaml").write_text("lr: [1\n")
    (crlf_project / "odd.yaml").write_text("m:\n  torch_dtype: 1\n  dtype: 2\n")
    r = cli(crlf_project, "--dry-run", "--format", "json", ".")
    report = json.loads(r.stdout)
    jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text())).validate(report)
    assert (report["version"], report["cfgmigrate"]) == (1, __version__)
    assert [(f["path"], f["status"]) for f in report["files"]] == [
        ("a.yaml", "changed"),
        ("bad.yaml", "failed"),
        ("odd.yaml", "failed"),
    ]


def test_sarif_gives_each_change_its_own_edits_even_within_one_hunk() -> None:
    old = "a: 1\nb: 2\nh: 8\n"
    new = "A: 1\nB: 2\nh: 8\n"
    changes = (Change("r1", 1, "one", (Edit(0, 1, "A"),)), Change("r2", 2, "two", (Edit(5, 6, "B"),)), Change("r3", 3, "none"))
    result = FileResult("f.yaml", Status.CHANGED, old, new, changes)
    fixes = [r.get("fixes", []) for r in sarif._results_of(result)]
    regions = [
        [(rep["deletedRegion"], rep["insertedContent"]["text"]) for f in fx for rep in f["artifactChanges"][0]["replacements"]]
        for fx in fixes
    ]
    assert regions == [[({"charOffset": 0, "charLength": 1}, "A")], [({"charOffset": 5, "charLength": 1}, "B")], []]


def test_sarif_help_uri_of_a_builtin_rule_points_at_its_source_line(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text('{"torch_dtype": "bfloat16"}\n')
    r = subprocess.run(
        [sys.executable, "-m", "cfgmigrate", "apply", "--dry-run", "--format", "sarif", "-p", "transformers-v5", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    [rule] = json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]
    line = next(
        i for i, text in enumerate(Path("rules/transformers-v5.yaml").read_text().splitlines(), 1) if f"id: {rule['id']}" in text
    )
    assert rule["helpUri"] == f"https://github.com/cfgmigrate/cfgmigrate/blob/v{__version__}/rules/transformers-v5.yaml#L{line}"
