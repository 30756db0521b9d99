"""The version policy through the CLI, on both sides of a boundary: held back below it (reported with
the pin's line), applied at it, --target, --bump (the pin raised in the same diff), --deprecations,
and no pin at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefolders import invoke, tree

PACK = """\
name: demo
distributions: [transformers]
rules:
  - id: dtype-kwarg
    rename: torch_dtype
    to: dtype
    calls: ["*.from_pretrained"]
    versions: {transformers: {since: "4.56.0", deprecated: "4.56.0"}}
  - id: token-kwarg
    rename: use_auth_token
    to: token
    calls: ["*.from_pretrained"]
    versions: {transformers: {since: "4.32.0", deprecated: "4.32.0", removed: "5.0.0"}}
  - id: rope-key
    rename: "**.rope_scaling"
    to: rope_parameters
    files: ["**/*.json"]
    versions: {transformers: {since: "5.0.0"}}
"""
CODE = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("x", torch_dtype="auto", use_auth_token=True)\n'
CONFIG = '{\n  "rope_scaling": {"type": "linear", "factor": 2.0}\n}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("cfgmigrate.versions.run.installed_version", lambda name: None)
    (tmp_path / "pack.yaml").write_text(PACK)
    root = tmp_path / "p"
    root.mkdir()
    (root / "train.py").write_text(CODE)
    (root / "config.json").write_text(CONFIG)
    return root


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(["apply", "-r", "../pack.yaml", *args, "."], root)


HELD_DTYPE = (
    "train.py:2: dtype-kwarg: warning: not applied: renamed keyword torch_dtype to dtype: held back: the new form needs "
    "transformers>=4.56.0, and the project supports transformers==4.52.4 (requirements.txt:2); --bump raises the pin; "
    "it only silences a deprecation warning (transformers: since 4.56.0, deprecated 4.56.0; not removed): apply it with --deprecations\n"
)
HELD_ROPE = (
    "config.json:2: rope-key: warning: not applied: renamed rope_scaling to rope_parameters: held back: the new form needs "
    "transformers>=5.0.0, and the project supports transformers==4.52.4 (requirements.txt:2); --bump raises the pin\n"
)


def test_below_the_boundary_rules_are_held_back_with_the_pins_line(project: Path) -> None:
    (project / "requirements.txt").write_text("torch\ntransformers==4.52.4  # tested\n")
    r = run(project, "-v")
    assert r.exit_code == 0
    assert (project / "train.py").read_text() == CODE.replace("use_auth_token", "token")
    assert (project / "config.json").read_text() == CONFIG
    assert r.stderr == (
        HELD_ROPE
        + HELD_DTYPE
        + "versions: transformers: ==4.52.4 (requirements.txt:2), from declared\n"
        + "cfgmigrate: 2 files scanned, 1 parsed, 1 changed (1 changes), 0 errors, 2 warnings\n"
    )


def test_at_the_boundary_the_rule_applies(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers>=5.0.0\n")
    r = run(project, "--deprecations")
    assert r.exit_code == 0, r.stderr
    assert (project / "train.py").read_text() == CODE.replace("torch_dtype", "dtype").replace("use_auth_token", "token")
    assert (project / "config.json").read_text() == CONFIG.replace("rope_scaling", "rope_parameters")
    assert r.stderr == "cfgmigrate: 2 files scanned, 2 parsed, 2 changed (3 changes), 0 errors, 0 warnings\n"


def test_deprecation_only_rules_wait_for_deprecations(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers>=4.56\n")
    r = run(project)
    assert (project / "train.py").read_text() == CODE.replace("use_auth_token", "token")
    assert r.stderr.splitlines()[1] == (
        "train.py:2: dtype-kwarg: info: not applied: renamed keyword torch_dtype to dtype: it only silences a deprecation "
        "warning (transformers: since 4.56.0, deprecated 4.56.0; not removed): apply it with --deprecations"
    )


def test_target_overrides_the_pin_and_says_so(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers==4.52.4\n")
    r = run(project, "--target", "transformers==5.0.0", "--deprecations", "-v")
    assert r.exit_code == 0, r.stderr
    assert (project / "config.json").read_text() == CONFIG.replace("rope_scaling", "rope_parameters")
    assert (project / "requirements.txt").read_text() == "transformers==4.52.4\n"
    assert (
        "versions: transformers: ==5.0.0 (--target), from --target [overrides the project's transformers==4.52.4 (requirements.txt:1)]\n"
        in r.stderr
    )


def test_the_project_config_target_is_used_like_target(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers==4.52.4\n")
    (project / ".cfgmigrate.yaml").write_text('target: ["transformers==5.0.0"]\n')
    r = run(project, "--deprecations", "-v")
    assert r.exit_code == 0, r.stderr
    assert (project / "config.json").read_text() == CONFIG.replace("rope_scaling", "rope_parameters")


def test_bump_applies_and_raises_the_pin_in_the_same_diff(project: Path) -> None:
    (project / "requirements.txt").write_text("# core\ntransformers==4.52.4 ; sys_platform != 'darwin'  # tested\nnumpy\n")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "p"\ndependencies = [\n  "transformers>=4.40,<4.53",  # keep\n  "torch",\n]\n'
    )
    r = run(project, "--bump", "--deprecations", "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert (
        "-transformers==4.52.4 ; sys_platform != 'darwin'  # tested\n+transformers==5.0.0 ; sys_platform != 'darwin'  # tested\n"
        in r.stdout
    )
    assert '-  "transformers>=4.40,<4.53",  # keep\n+  "transformers>=5.0.0",  # keep\n' in r.stdout
    r = run(project, "--bump", "--deprecations", "--format", "json")
    report = json.loads(r.stdout)
    changes = {f["path"]: [c["message"] for c in f["changes"]] for f in report["files"]}
    assert changes["requirements.txt"] == [
        "transformers==4.52.4 ; sys_platform != 'darwin' -> transformers==5.0.0 ; sys_platform != 'darwin' (needed by rope-key)"
    ]
    assert report["versions"][0]["pins"][0] == {
        "specifier": ">=4.40,<4.53",
        "marker": "",
        "path": "pyproject.toml",
        "line": 4,
        "kind": "pyproject",
    }
    assert (
        project / "pyproject.toml"
    ).read_text() == '[project]\nname = "p"\ndependencies = [\n  "transformers>=5.0.0",  # keep\n  "torch",\n]\n'
    assert run(project, "--check").exit_code == 0  # the raised pin now admits every applied rule


def test_no_pin_judges_at_the_newest_version_the_pack_knows(project: Path) -> None:
    r = run(project, "--deprecations", "--format", "markdown")
    assert (
        "- transformers: ==5.0.0 (default), from default [no pin found: judged at 5.0.0, the newest version the pack knows]"
        in r.stdout
    )
    assert r.stderr.splitlines()[0] == (
        "versions: transformers: ==5.0.0 (default), from default [no pin found: judged at 5.0.0, the newest version the pack knows]"
    )
    assert (project / "config.json").read_text() == CONFIG.replace("rope_scaling", "rope_parameters")


def test_every_report_format_names_the_range_and_its_source(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers==4.52.4\n")
    sarif = json.loads(run(project, "--check", "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["versions"][0]["pins"][0]["path"] == "requirements.txt"
    github = run(project, "--check", "--format", "github").stdout
    assert github.splitlines()[0] == (
        "::notice file=requirements.txt,line=1,title=cfgmigrate versions::transformers: ==4.52.4 (requirements.txt:1), from declared"
    )


def test_a_bad_target_is_a_usage_error(project: Path) -> None:
    r = run(project, "--target", "transformers")
    assert r.exit_code == 2
    assert "--target 'transformers': give a version, e.g. transformers==1.2.3" in r.stderr
    assert tree(project)["train.py"] == CODE.encode()


MEGATRON_PACK = """\
name: mg
distributions: [megatron-core]
files: ["**/*.yaml"]
rules:
  - id: enable-cuda-graph
    map: "**.enable_cuda_graph"
    to: cuda_graph_impl
    values: {true: local, false: none}
    versions: {megatron-core: {since: "0.15.0"}}
"""


@pytest.mark.parametrize(("minor", "pre", "applied"), [("13", "rc0", False), ("15", "", True)])
def test_a_submodule_checkout_is_judged_by_its_own_version_file(tmp_path: Path, minor: str, pre: str, applied: bool) -> None:
    (tmp_path / "pack.yaml").write_text(MEGATRON_PACK)
    root = tmp_path / "p"
    (root / "third_party/Megatron-LM/megatron/core").mkdir(parents=True)
    (root / ".gitmodules").write_text(
        '[submodule "third_party/Megatron-LM"]\n\tpath = third_party/Megatron-LM\n\turl = https://x\n'
    )
    info = f"MAJOR = 0\nMINOR = {minor}\nPATCH = 0\nPRE_RELEASE = '{pre}'\n"  # 0.15.0rc0 would still be below 0.15.0
    (root / "third_party/Megatron-LM/megatron/core/package_info.py").write_text(info)
    (root / "train.yaml").write_text("enable_cuda_graph: true\n")
    r = invoke(["apply", "-r", "../pack.yaml", "--bump", "--exclude", "third_party/**", "."], root)
    assert r.exit_code == 0, r.stderr
    assert (root / "train.yaml").read_text() == ("cuda_graph_impl: local\n" if applied else "enable_cuda_graph: true\n")
    if not applied:
        assert r.stderr.splitlines()[0] == (
            "train.yaml:1: enable-cuda-graph: warning: not applied: mapped enable_cuda_graph: True -> cuda_graph_impl: 'local': "
            "held back: the new form needs megatron-core>=0.15.0, and the project supports megatron-core==0.13.0rc0 "
            "(third_party/Megatron-LM/megatron/core/package_info.py:2); update the checkout third_party/Megatron-LM to "
            "megatron-core>=0.15.0 (--bump does not move a checkout), or pass --target 'megatron-core>=0.15.0'"
        )
    assert (root / "third_party/Megatron-LM/megatron/core/package_info.py").read_text() == info


@pytest.mark.parametrize(("locked", "applied"), [("0.14.1", False), ("0.15.0", True)])
def test_a_lock_file_pins_when_nothing_is_declared(tmp_path: Path, locked: str, applied: bool) -> None:
    (tmp_path / "pack.yaml").write_text(MEGATRON_PACK)
    root = tmp_path / "p"
    root.mkdir()
    (root / "uv.lock").write_text(f'version = 1\n\n[[package]]\nname = "megatron-core"\nversion = "{locked}"\n')
    (root / "train.yaml").write_text("enable_cuda_graph: false\n")
    r = invoke(["apply", "-r", "../pack.yaml", "-v", "."], root)
    assert (root / "train.yaml").read_text() == ("cuda_graph_impl: none\n" if applied else "enable_cuda_graph: false\n")
    assert f"versions: megatron-core: =={locked} (uv.lock:4), from lock file\n" in r.stderr


@pytest.mark.parametrize(("pin", "reported"), [("transformers==4.52.4", False), ("transformers>=5.0", True)])
def test_a_retired_name_is_a_leftover_only_once_the_project_reaches_it(tmp_path: Path, pin: str, reported: bool) -> None:
    (tmp_path / "pack.yaml").write_text(
        "name: r\ndistributions: [transformers]\nrules:\n  - id: noop\n    rename: x.y\n    to: z\n"
        "retired:\n  - name: logging_dir\n    note: use TENSORBOARD_LOGGING_DIR\n"
        '    versions: {transformers: {since: "5.0.0", removed: "5.0.0"}}\n'
    )
    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text(pin + "\n")
    (root / "run.sh").write_text("python train.py --logging_dir runs\n")
    r = invoke(["apply", "-r", "../pack.yaml", "--check", "."], root)
    leftover = (
        "run.sh:1:17: retired-logging-dir: warning: retired flag `--logging_dir` is still here: use TENSORBOARD_LOGGING_DIR"
    )
    assert (leftover in r.stderr) is reported, r.stderr


def test_bump_raises_a_pin_only_for_rules_that_changed_something(project: Path) -> None:
    (project / "requirements.txt").write_text("transformers==4.52.4\n")
    (project / "config.json").write_text('{\n  "hidden_size": 8\n}\n')  # rope-key (since 5.0.0) has nothing to do
    r = run(project, "--bump", "--deprecations")
    assert r.exit_code == 0, r.stderr
    assert (project / "requirements.txt").read_text() == "transformers==4.56.0\n"  # dtype-kwarg's since, not rope-key's
