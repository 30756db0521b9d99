"""`cfgmigrate batch` with local worker processes: per-repository outputs, the summary, resumption,
retries, timeouts and branches, driven through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from campaign_repos import PACK, batch, git, make_repo, tree
from click.testing import Result

from cfgmigrate import api
from cfgmigrate.batch import Campaign, run_campaign
from cfgmigrate.batch.local import LocalBackend
from cfgmigrate.batch.sources import resolve_sources
from cfgmigrate.pack import load_pack

SUMMARY_MD = """\
| repository | files changed | changes | leftovers | errors |
|---|---:|---:|---:|---:|
| repo-00 | 2 | 2 | 1 | 0 |
| repo-01 | 1 | 1 | 0 | 0 |
| repo-02 | 0 | 0 | 0 | 0 |
| repo-03 | 1 | 1 | 0 | 0 |
| repo-04 | 2 | 2 | 0 | 0 |
| repo-05 | 0 | 0 | 1 | 0 |
| repo-06 | 1 | 1 | 0 | 0 |
| repo-07 | 1 | 1 | 0 | 1 |
| repo-08 | 1 | 1 | 0 | 0 |
| repo-09 | 1 | 1 | 0 | 0 |
| repo-10 | 1 | 1 | 1 | 0 |
| repo-11 | 0 | 0 | 0 | 0 |
| repo-12 | 2 | 2 | 0 | 0 |
| repo-13 | 1 | 1 | 0 | 0 |
| repo-14 | 0 | 0 | 0 | 0 |
| repo-15 | 1 | 1 | 1 | 0 |
| repo-16 | 2 | 2 | 0 | 0 |
| repo-17 | 0 | 0 | 0 | 0 |
| repo-18 | 1 | 1 | 0 | 0 |
| repo-19 | 1 | 1 | 0 | 0 |
| repo-20 | 1 | 1 | 1 | 0 |
"""
TOTALS = "cfgmigrate batch: 21 repositories ({skipped} done earlier, 0 failed), 20 files changed (20 changes), 5 leftovers, 1 errors; summary in out/summary.md\n"


def test_a_campaign_writes_a_report_and_a_patch_per_repository(
    campaign: tuple[Path, list[str]], local_run: tuple[Path, Result]
) -> None:
    _, locations = campaign
    here, r = local_run
    assert r.exit_code == 2  # repository 7 has a config that does not parse
    assert r.stderr.splitlines()[-1] + "\n" == TOTALS.format(skipped=0)
    assert "repo-07: 1 files changed (1 changes), 0 leftovers, 1 errors\n" in r.stderr
    out = here / "out"
    assert (out / "summary.md").read_text() == SUMMARY_MD
    summary = json.loads((out / "summary.json").read_text())
    assert summary["totals"] == {"files_changed": 20, "changes": 20, "leftovers": 5, "errors": 1, "repositories": 21, "failed": 0}
    assert [row["location"] for row in summary["repositories"]] == locations
    assert summary["repositories"][1] == {
        "name": "repo-01",
        "location": locations[1],
        "state": "done",
        "files_changed": 1,
        "changes": 1,
        "leftovers": 0,
        "errors": 0,
        "report": "repo-01/report.json",
        "patch": "repo-01/changes.patch",
        "branch": None,
        "message": None,
    }
    assert summary["repositories"][2]["patch"] is None and not (out / "repo-02" / "changes.patch").exists()
    report = json.loads((out / "repo-07" / "report.json").read_text())
    assert report["files"][0]["error"] == (
        "broken.yaml:2: cannot parse: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'; left as it was"
    )
    assert not (out / ".cfgmigrate-work").exists()  # clones are removed once their patch is taken


def test_the_patches_apply_with_git_and_leave_nothing_to_do(
    campaign: tuple[Path, list[str]], local_run: tuple[Path, Result], tmp_path: Path
) -> None:
    root, _ = campaign
    here, _ = local_run
    packs = (load_pack(root / "pack.yaml"),)
    for name in ("repo-00", "repo-01", "repo-04"):
        copy = tmp_path / name
        shutil.copytree(root / "src" / name, copy)
        subprocess.run(["git", "apply", str(here / "out" / name / "changes.patch")], cwd=copy, check=True)
        assert "  dtype: bf16  # keep me\n" in (copy / "config.yaml").read_text()
        assert api.plan(api.Settings(paths=(copy,), packs=packs, root=copy)).summary.changes == 0


def test_a_resumed_campaign_skips_what_is_done_and_ends_the_same(local_run: tuple[Path, Result], tmp_path: Path) -> None:
    here, _ = local_run
    shutil.copytree(here, tmp_path, dirs_exist_ok=True)
    before = tree(tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "repo-03")  # as if the run had been killed before it
    (tmp_path / "out" / ".repo-03.x1y2.partial").mkdir()  # ... while writing it
    (tmp_path / "out" / "summary.md").unlink()
    r = batch(tmp_path, "--repos", "repos.txt", "-r", "pack.yaml", "--out", "out", "-j", "2")
    assert "repo-00: done in an earlier run; skipped\n" in r.stderr
    assert "repo-03: 1 files changed (1 changes), 0 leftovers, 0 errors\n" in r.stderr
    assert r.stderr.count("done in an earlier run; skipped") == 20
    assert r.stderr.splitlines()[-1] + "\n" == TOTALS.format(skipped=20)
    assert tree(tmp_path / "out") == before


def test_other_packs_are_other_work_not_resumed(campaign: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, locations = campaign
    (tmp_path / "pack.yaml").write_text(PACK)
    batch(tmp_path, locations[0], "-r", "pack.yaml", "--out", "out")
    (tmp_path / "pack.yaml").write_text(PACK.replace("to: dtype\n", "to: torch_dtype_v2\n", 1))
    r = batch(tmp_path, locations[0], "-r", "pack.yaml", "--out", "out")
    assert "skipped" not in r.stderr
    assert "+  torch_dtype_v2: bf16  # keep me\n" in (tmp_path / "out" / "repo-00" / "changes.patch").read_text()


def test_a_clone_that_fails_is_retried_then_reported(tmp_path: Path, campaign: tuple[Path, list[str]]) -> None:
    root, locations = campaign
    missing = (tmp_path / "gone.git").as_uri()
    r = batch(tmp_path, missing, locations[2], "-r", str(root / "pack.yaml"), "--out", "out", "--retries", "2")
    assert r.exit_code == 2
    message = f"git clone failed: fatal: '{tmp_path / 'gone.git'}' does not appear to be a git repository (3 attempts)"
    assert f"gone: failed: {message}\n" in r.stderr
    md = (tmp_path / "out" / "summary.md").read_text()
    assert "| gone | 0 | 0 | 0 | 1 (failed) |\n| repo-02 | 0 | 0 | 0 | 0 |\n" in md
    assert md.endswith(f"\n- **gone**: {message}\n")
    assert json.loads((tmp_path / "out" / "gone" / "outcome.json").read_text())["state"] == "failed"
    again = batch(tmp_path, missing, locations[2], "-r", str(root / "pack.yaml"), "--out", "out", "--retries", "0")
    assert "repo-02: done in an earlier run; skipped\n" in again.stderr
    assert "gone: failed: git clone failed" in again.stderr  # a failed repository is tried again


def test_a_repository_past_its_timeout_is_stopped_and_reported(tmp_path: Path, campaign: tuple[Path, list[str]]) -> None:
    root, locations = campaign
    r = batch(tmp_path, locations[1], "-r", str(root / "pack.yaml"), "--out", "out", "--timeout", "0.001", "--retries", "1")
    assert r.exit_code == 2
    assert "repo-01: failed: timed out after 0.001 s (2 attempts)\n" in r.stderr


def test_branch_commits_the_patch_without_touching_the_checkout(tmp_path: Path) -> None:
    local = make_repo(tmp_path / "local", 0)
    remote = make_repo(tmp_path / "upstream", 4)
    (tmp_path / "pack.yaml").write_text(PACK)
    r = batch(tmp_path, "local", remote.as_uri(), "-r", "pack.yaml", "--out", "out", "--branch", "migrate/dtype")
    assert r.exit_code == 0, r.output
    assert git(local, "status", "--porcelain") == "" and git(local, "branch", "--show-current") == "main\n"
    assert git(local, "log", "-1", "--format=%s", "migrate/dtype") == "cfgmigrate: apply campaign\n"
    assert (
        git(local, "diff", "main", "migrate/dtype", "--stat").splitlines()[-1]
        == " 2 files changed, 2 insertions(+), 2 deletions(-)"
    )
    clone = tmp_path / "out" / ".cfgmigrate-work" / "upstream"
    assert "dtype: bf16" in git(clone, "show", "migrate/dtype:config.yaml")  # kept: the branch lives there
    again = batch(tmp_path, "local", "-r", "pack.yaml", "--out", "out2", "--branch", "migrate/dtype")
    assert again.exit_code == 2
    assert (
        "local: 2 files changed (2 changes), 1 leftovers, 1 errors; branch migrate/dtype not made: branch migrate/dtype already exists; not overwritten\n"
        in again.stderr
    )


def test_bad_campaigns_are_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(PACK)
    r = batch(tmp_path, "nowhere", "-r", "pack.yaml", "--out", "out")
    assert (r.exit_code, r.stderr) == (2, "cfgmigrate batch: nowhere: no such repository folder (and not a git URL)\n")
    r = batch(tmp_path, "-r", "pack.yaml", "--out", "out")
    assert r.exit_code == 2 and "give at least one repository: REPO... or --repos FILE" in r.stderr
    r = batch(tmp_path, ".", "--out", "out")
    assert r.exit_code == 2 and "give at least one rule pack: -r FILE or -p NAME" in r.stderr
    assert not (tmp_path / "out").exists()


def test_the_library_runs_a_campaign_without_the_command_line(campaign: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, locations = campaign
    sources = tuple(resolve_sources(locations[3:5]))
    backend = LocalBackend(slots=1)
    try:
        result = run_campaign(Campaign(sources, (load_pack(root / "pack.yaml"),), tmp_path / "out"), backend)
    finally:
        backend.close()
    assert [(o.name, o.state, o.changes) for o in result.outcomes] == [("repo-03", "done", 1), ("repo-04", "done", 2)]
    assert result.summary["totals"]["changes"] == 3 and not result.failed
    assert (tmp_path / "out" / "repo-04" / "changes.patch").read_text() == result.outcomes[1].patch
