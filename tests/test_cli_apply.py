"""`cfgmigrate apply` through the CLI: exact output, exit codes, and nothing lost on bad input."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfgmigrate import api
from cfgmigrate.cli import main
from cfgmigrate.pack import load_pack
from cfgmigrate.types import Status

PACK = """name: t
files: ["**/*.yaml"]
rules:
  - id: dtype
    rename: "**.torch_dtype"
    to: dtype
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "a.yaml").write_text("model:\n  torch_dtype: bf16  # fast\n")
    (tmp_path / "b.yaml").write_text("seed: 1\n")
    return tmp_path


def run(project: Path, *args: str):
    old = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", *args, "."])
    finally:
        os.chdir(old)


def test_dry_run_prints_a_diff_and_writes_nothing(project: Path) -> None:
    r = run(project, "--dry-run")
    assert r.exit_code == 0
    assert r.stdout == (
        "diff --git a/a.yaml b/a.yaml\n--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,2 @@\n"
        " model:\n-  torch_dtype: bf16  # fast\n+  dtype: bf16  # fast\n"
    )
    assert r.stderr == "cfgmigrate: 3 files scanned, 2 parsed, 1 would change (1 changes), 0 errors, 0 warnings\n"
    assert (project / "a.yaml").read_text() == "model:\n  torch_dtype: bf16  # fast\n"


def test_check_exits_1_when_pending_and_0_after_apply(project: Path) -> None:
    r = run(project, "--check")
    assert (r.exit_code, r.stdout) == (1, "would change a.yaml (1 change)\n")
    r = run(project)
    assert r.exit_code == 0
    assert (project / "a.yaml").read_text() == "model:\n  dtype: bf16  # fast\n"
    assert run(project, "--check").exit_code == 0


def test_json_format(project: Path) -> None:
    r = run(project, "--dry-run", "--format", "json")
    data = json.loads(r.stdout)
    assert data["summary"] == {
        "files_scanned": 3,
        "files_parsed": 2,
        "files_changed": 1,
        "changes": 1,
        "errors": 0,
        "warnings": 0,
        "files_skipped": 0,
        "suppressed": 0,
        "leftovers": 0,
        "held": 0,
        "notes": 0,
    }
    [f] = data["files"]
    assert (f["path"], f["error"], f["changes"]) == (
        "a.yaml",
        None,
        [{"rule": "dtype", "line": 2, "message": "renamed model.torch_dtype to dtype"}],
    )
    assert f["diff"].startswith("diff --git a/a.yaml b/a.yaml\n")


def test_mode_bits_are_kept(project: Path) -> None:
    (project / "a.yaml").chmod(0o640)
    assert run(project).exit_code == 0
    assert stat.S_IMODE((project / "a.yaml").stat().st_mode) == 0o640


def test_read_only_file_is_refused_and_the_others_still_change(project: Path) -> None:
    """No write bit means no write, also for root (whom os.access never refuses)."""
    (project / "c.yaml").write_text("torch_dtype: fp16\n")
    (project / "a.yaml").chmod(0o444)
    r = run(project)
    assert r.exit_code == 2
    assert r.stderr == (
        "a.yaml: read-only file (no write bit); left as it was\n"
        "cfgmigrate: 4 files scanned, 3 parsed, 1 changed (1 changes), 1 errors, 0 warnings\n"
    )
    assert (project / "a.yaml").read_text() == "model:\n  torch_dtype: bf16  # fast\n"
    assert stat.S_IMODE((project / "a.yaml").stat().st_mode) == 0o444
    assert (project / "c.yaml").read_text() == "dtype: fp16\n"


def test_a_file_changed_since_it_was_read_is_not_overwritten(project: Path) -> None:
    pack = load_pack(project / "pack.yaml")
    plan = api.plan(api.Settings(paths=(project,), packs=(pack,), root=project))
    (project / "a.yaml").write_text("model:\n  torch_dtype: fp32\n")  # someone edits it meanwhile
    written = api.write(plan)
    [a] = [r for r in written.results if r.path == "a.yaml"]
    assert a.status is Status.FAILED
    assert [d.render() for d in a.diagnostics] == ["a.yaml: changed since it was read; left as it was"]
    assert (project / "a.yaml").read_text() == "model:\n  torch_dtype: fp32\n"
    assert written.exit_code() == 2


def test_non_utf8_and_binary_files(project: Path) -> None:
    (project / "latin1.yaml").write_bytes("torch_dtype: caf\xe9\n".encode("latin-1"))
    (project / "blob.yaml").write_bytes(b"torch_dtype\0\x01")
    r = run(project, "--verbose")
    assert r.exit_code == 2
    assert "latin1.yaml: not UTF-8 text (byte 16); left as it was\n" in r.stderr
    assert "blob.yaml: skipped: binary file\n" in r.stderr
    assert (project / "latin1.yaml").read_bytes() == "torch_dtype: caf\xe9\n".encode("latin-1")


def test_no_temp_files_are_left_behind(project: Path) -> None:
    run(project)
    assert sorted(p.name for p in project.iterdir()) == ["a.yaml", "b.yaml", "pack.yaml"]


def test_reverse_runs_renames_backwards_and_refuses_lossy_rules(project: Path) -> None:
    assert run(project).exit_code == 0
    assert run(project, "--reverse").exit_code == 0
    assert (project / "a.yaml").read_text() == "model:\n  torch_dtype: bf16  # fast\n"
    (project / "pack.yaml").write_text(PACK + "  - id: eps\n    coerce: '**.eps'\n    to: float\n")
    r = run(project, "--reverse")
    assert (r.exit_code, r.stderr) == (2, "pack.yaml:7: eps: cannot be reversed: coerce loses information\n")


def test_usage_errors(project: Path) -> None:
    r = CliRunner().invoke(main, ["apply", str(project)])
    assert r.exit_code == 2 and "give at least one rule pack: -r FILE or -p NAME" in r.stderr
    r = run(project, "--dry-run", "--check")
    assert r.exit_code == 2 and "--dry-run and --check cannot be used together" in r.stderr


UNLESS_PACK = """name: t
files: ["**/*.py"]
rules:
  - id: device-map
    add: device_map
    default: auto
    calls: ["transformers.*.from_pretrained"]
    unless:
      passes: [device]
      chained: [to]
      imports: [deepspeed]
"""


def test_unless_left_calls_are_counted_and_listed_with_v(tmp_path: Path) -> None:
    """A call a rule would act on but its `unless` leaves alone is never silent: counted in the
    summary, listed with -v (info, kind 'held'), in the JSON report, never in annotations or SARIF;
    a call that already passes the keyword, or one the rule would not change, is not a note."""
    (tmp_path / "pack.yaml").write_text(UNLESS_PACK)
    (tmp_path / "infer.py").write_text(
        "from transformers import AutoModel\n"
        'a = AutoModel.from_pretrained("x").to("cuda")\n'
        'b = AutoModel.from_pretrained("x", device="cpu")\n'
        'c = AutoModel.from_pretrained("x", device_map="cpu").to("cuda")\n'
        'd = AutoModel.from_pretrained("x")\n'
    )
    (tmp_path / "train.py").write_text(
        'import deepspeed\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained("x")\n'
    )
    r = run(tmp_path, "--dry-run")
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        "cfgmigrate: 2 files scanned, 2 parsed, 1 would change (1 changes), 0 errors, 0 warnings, "
        "2 left by `unless` conditions (-v lists them)\n"
    )
    r = run(tmp_path, "--dry-run", "-v")
    assert [line for line in r.stderr.splitlines() if ": info: " in line] == [
        "infer.py:2: device-map: info: not adding keyword device_map: its result is placed with .to() (`unless: chained`)",
        "train.py:3: device-map: info: not adding keyword device_map: the file imports deepspeed (`unless: imports`)",
    ]
    report = json.loads(run(tmp_path, "--dry-run", "--format", "json").stdout)
    held = [(f["path"], d["line"], d["kind"], d["severity"]) for f in report["files"] for d in f["diagnostics"]]
    assert held == [("infer.py", 2, "held", "info"), ("train.py", 3, "held", "info")]
    assert report["summary"]["held"] == 2 and report["summary"]["warnings"] == 0
    assert "::notice" not in run(tmp_path, "--dry-run", "--format", "github").stdout
    sarif = json.loads(run(tmp_path, "--dry-run", "--format", "sarif").stdout)
    assert [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in sarif["runs"][0]["results"]] == [
        "infer.py"
    ]


def test_several_paths_outside_git_share_their_folder_and_none_is_left_silently(tmp_path: Path) -> None:
    """`apply a b` outside git runs on both (the root is their common folder); a path outside an
    explicit --root is a note, not silence; paths in different projects are a usage error."""
    import subprocess

    (tmp_path / "pack.yaml").write_text(PACK)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "c.yaml").write_text("torch_dtype: bf16\n")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        apply = ["apply", "-r", "pack.yaml", "--dry-run"]
        r = CliRunner().invoke(main, [*apply, "a", "b"])
        assert (r.exit_code, r.stderr.splitlines()[-1]) == (
            0,
            "cfgmigrate: 2 files scanned, 2 parsed, 2 would change (2 changes), 0 errors, 0 warnings",
        )
        r = CliRunner().invoke(main, [*apply, "--root", "a", "a", "b"])
        assert r.stderr.splitlines() == [
            f"b: note: lies outside the project root {tmp_path / 'a'}; left as it was (give --root)",
            "cfgmigrate: 1 files scanned, 1 parsed, 1 would change (1 changes), 0 errors, 0 warnings",
        ]
        subprocess.run(["git", "init", "-q", "a"], check=True)
        r = CliRunner().invoke(main, [*apply, "a", "b"])
        assert r.exit_code == 2
        assert f"the paths lie in different projects: a ({tmp_path / 'a'}), b (outside git)" in r.stderr
    finally:
        os.chdir(old)
