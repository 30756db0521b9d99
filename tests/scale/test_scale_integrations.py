"""The pre-commit hooks, the composite GitHub Action (its script run for real) and the documented
scheduled-fixup workflow."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML
from scale_repo import cli, make_repo

ROOT = Path(__file__).parents[2]


def load(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text())


def run_hook(root: Path, hook: dict, staged: list[str]) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: its entry, the user's args, then the staged file names."""
    entry = shlex.split(hook["entry"])
    program = str(Path(sys.executable).parent / entry[0])
    argv = [program, *entry[1:], "-r", "pack.yaml", "--root", ".", *staged]
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=120)


def test_pre_commit_hooks_check_and_apply_the_staged_files(tmp_path: Path) -> None:
    hooks = {h["id"]: h for h in load(ROOT / ".pre-commit-hooks.yaml")}  # type: ignore[union-attr]
    assert sorted(hooks) == ["cfgmigrate-apply", "cfgmigrate-check"]
    for hook in hooks.values():
        assert (hook["language"], hook["pass_filenames"], hook["require_serial"]) == ("python", True, True)
        assert hook["types_or"] == ["yaml", "json", "python"]
    root = make_repo(tmp_path, 6)
    staged, before = ["d0/c0.yaml", "d1/c1.yaml"], (root / "d0/c0.yaml").read_text()
    checked = run_hook(root, hooks["cfgmigrate-check"], staged)
    assert (checked.returncode, checked.stdout) == (1, "would change d0/c0.yaml (1 change)\n")
    assert (root / "d0/c0.yaml").read_text() == before
    applied = run_hook(root, hooks["cfgmigrate-apply"], staged)
    assert (applied.returncode, applied.stdout) == (0, "")
    assert applied.stderr == "cfgmigrate: 2 files scanned, 1 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n"
    assert (root / "d0/c0.yaml").read_text() == "model:\n  dtype: bf16   # 0\n"
    assert (root / "d3/c3.yaml").read_text() == "model:\n  torch_dtype: bf16   # 3\n", "an unstaged file stays"
    assert run_hook(root, hooks["cfgmigrate-check"], staged).returncode == 0


def test_staged_files_as_arguments_limit_the_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 6)
    r = cli(root, "--check", paths=("d0/c0.yaml", "d1/c1.yaml", "load.py"))
    assert (r.exit_code, r.stdout) == (1, "would change d0/c0.yaml (1 change)\nwould change load.py (1 change)\n")


def action_script(step_id: str) -> str:
    steps = load(ROOT / "action.yml")["runs"]["steps"]  # type: ignore[index]
    [step] = [s for s in steps if s.get("id") == step_id]
    assert "${{" not in step["run"], "inputs reach the script through env, never pasted into it"
    return str(step["run"])


def run_action(root: Path, mode: str, **extra: str) -> tuple[int, str, str]:
    """The action's run step, for real, with GitHub's variables set; the cfgmigrate it finds counts
    its own invocations in ``calls`` (one run per job)."""
    summary, output = root.parent / f"{root.name}-summary.md", root.parent / f"{root.name}-output"
    summary.write_text(""), output.write_text("")
    counter = root.parent / "bin"
    counter.mkdir(exist_ok=True)
    (counter / "cfgmigrate").write_text(
        f'#!/bin/sh\necho x >> "{root.parent}/calls"\nexec "{Path(sys.executable).parent}/cfgmigrate" "$@"\n'
    )
    (counter / "cfgmigrate").chmod(0o755)
    (root.parent / "calls").write_text("")
    env = (
        os.environ
        | {
            "PACKS": "-r pack.yaml",
            "PATHS": ".",
            "MODE": mode,
            "SARIF": "false",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(root.parent),
            "CFGMIGRATE": str(counter / "cfgmigrate"),
            "CFGMIGRATE_PYTHON": sys.executable,
        }
        | extra
    )
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", action_script("run")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (root.parent / "calls").read_text() == "x\n", "cfgmigrate runs once per job"
    outputs = output.read_text().replace(f"report={root.parent}/cfgmigrate-report/report.json\n", "")
    return done.returncode, summary.read_text(), outputs + done.stdout


def git_repo(root: Path) -> Path:
    root.mkdir()
    make_repo(root, 3)
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    return root


def test_action_dry_run_writes_the_report_to_the_job_summary_and_annotates(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    status, summary, output = run_action(root, "dry-run")
    assert status == 0 and summary.startswith("## cfgmigrate\n\n**2** file(s) would change")
    assert output.startswith("changed=true\n::warning file=d0/c0.yaml,line=2,title=cfgmigrate dtype::")
    assert run_action(root, "check")[0] == 1  # pending changes fail the step in check mode
    assert "torch_dtype" in (root / "d0" / "c0.yaml").read_text()
    report = json.loads((tmp_path / "cfgmigrate-report" / "report.json").read_text())
    assert report["summary"]["files_changed"] == 2


def test_action_apply_writes_files_and_leaves_the_commit_to_the_workflow(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    status, _, output = run_action(root, "apply")
    assert (status, output) == (0, "changed=true\n")
    assert (root / "d0" / "c0.yaml").read_text() == "model:\n  dtype: bf16   # 0\n"
    assert run_action(root, "apply")[2] == "changed=true\n"  # still uncommitted: the workflow commits
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "y"], check=True)
    assert run_action(root, "apply")[:3:2] == (0, "changed=false\n")


def test_action_changed_is_true_when_errors_and_pending_changes_coexist(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    (root / "bad.yaml").write_text("model: [1\n")
    (root / "odd.yaml").write_text("m:\n  torch_dtype: 1\n  dtype: 2\n")
    status, _, output = run_action(root, "dry-run")
    assert status == 2 and output.startswith("changed=true\n::error file=odd.yaml,line=2,")
    status, _, output = run_action(root, "apply")
    assert status == 2 and output.startswith("changed=true\n")
    assert (root / "d0" / "c0.yaml").read_text() == "model:\n  dtype: bf16   # 0\n"


def test_action_refuses_an_unknown_mode(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    summary, output = tmp_path / "s", tmp_path / "o"
    env = os.environ | {
        "MODE": "dryrun",
        "PACKS": "",
        "PATHS": ".",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    done = subprocess.run(["bash", "-c", action_script("run")], cwd=root, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (2, "::error title=cfgmigrate::mode must be dry-run, check or apply, not 'dryrun'\n")
    assert "torch_dtype" in (root / "d0" / "c0.yaml").read_text()


def test_action_caps_annotations_with_a_notice_and_keeps_quoted_paths_whole(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root, 75)  # 25 configs with a pending change
    (root / "my packs").mkdir()
    (root / "pack.yaml").rename(root / "my packs" / "pack.yaml")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    status, _, output = run_action(root, "dry-run", PACKS="-r 'my packs/pack.yaml'", SARIF="true")
    lines = output.splitlines()
    assert status == 0 and lines[0] == "changed=true"
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert (
        lines[-1]
        == "::notice title=cfgmigrate::16 more annotations not shown (GitHub shows 10 per step); every change and problem is in the job summary"
    )
    sarif = json.loads((tmp_path / "cfgmigrate-report" / "cfgmigrate.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 26


def test_action_inputs_never_reach_the_script_text() -> None:
    steps = load(ROOT / "action.yml")["runs"]["steps"]  # type: ignore[index]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    [install] = [s for s in steps if "venv" in s.get("run", "")]
    assert 'python3 -m venv "$venv"' in install["run"] and '"$venv/bin/pip" install' in install["run"]
    assert any(s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == "~/.cache/pip" for s in steps)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)


def test_scheduled_fixup_guide_has_a_workflow_that_applies_with_the_action() -> None:
    text = (ROOT / "docs" / "scheduled-fixups.md").read_text()
    [workflow] = re.findall(r"```yaml\n(.*?)```", text, re.S)
    data = YAML(typ="safe").load(workflow)
    steps = data["jobs"]["fixup"]["steps"]
    [migrate] = [s for s in steps if s.get("id") == "migrate"]
    assert migrate["with"]["mode"] == "apply" and "schedule" in data["on"]
