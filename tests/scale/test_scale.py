"""Repo-scale behaviour: discovery, prefilter counts, determinism across -j, every output format,
the cache, the pre-commit hook definition, start-up imports, and kill-safety of writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from ruamel.yaml import YAML

from cfgmigrate import api, cache
from cfgmigrate.cli import main
from cfgmigrate.discover import discover
from cfgmigrate.pack import load_pack_text

ROOT = Path(__file__).parents[2]
PACK = "name: s\nfiles: ['**/*.yaml', '**/*.py']\nrules:\n  - id: dtype\n    rename: '**.torch_dtype'\n    to: dtype\n  - id: kw\n    rename: torch_dtype\n    to: dtype\n    calls: ['*.from_pretrained']\n"


def make_repo(root: Path, n: int = 40) -> Path:
    (root / "pack.yaml").write_text(PACK)
    for i in range(n):
        sub = root / f"d{i % 5}"
        sub.mkdir(exist_ok=True)
        body = f"model:\n  torch_dtype: bf16   # {i}\n" if i % 3 == 0 else f"model:\n  dtype: fp32  # {i}\n"
        (sub / f"c{i}.yaml").write_text(body)
    (root / "load.py").write_text("from transformers import AutoModel\nAutoModel.from_pretrained('x', torch_dtype='auto')\n")
    return root


def cli(root: Path, *args: str):
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", "--root", ".", *args, "."])
    finally:
        os.chdir(old)


def test_discovery_honours_gitignore_excludes_and_outside_symlinks(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.yaml\n")
    for name in ("a.yaml", "build/b.yaml", "x.tmp.yaml", "sub/c.yaml", "sub/skip.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a: 1\n")
    (tmp_path / "sub" / ".gitignore").write_text("skip.yaml\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(outside)
    found = discover([tmp_path], tmp_path, excludes=("sub/c.yaml",))
    assert found.files == (".gitignore", "a.yaml", "sub/.gitignore")
    assert found.skipped == (("link.yaml", "symlink leaves the project root"), ("sub/c.yaml", "excluded by --exclude"))


def test_git_work_tree_lists_tracked_and_untracked_not_ignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored.yaml\n")
    for name in ("tracked.yaml", "new.yaml", "ignored.yaml"):
        (tmp_path / name).write_text("a: 1\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "tracked.yaml"], check=True)
    assert discover([tmp_path], tmp_path).files == (".gitignore", "new.yaml", "tracked.yaml")


def test_prefilter_counts_and_determinism_across_jobs(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    one = cli(root, "--dry-run", "-j", "1", "--no-cache")
    two = cli(root, "--dry-run", "-j", "2", "--no-cache")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 0
    assert (
        one.stderr == "cfgmigrate: 42 files scanned, 16 parsed, 15 would change (15 changes), 0 errors, 0 warnings\n"
    )  # the pack file mentions the key too


def test_json_markdown_github_and_sarif(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 3)
    data = json.loads(cli(root, "--dry-run", "--format", "json").stdout)
    assert [f["path"] for f in data["files"]] == ["d0/c0.yaml", "load.py"]
    assert cli(root, "--dry-run", "--format", "github").stdout == (
        "::warning file=d0/c0.yaml,line=2,title=cfgmigrate dtype::renamed model.torch_dtype to dtype\n"
        "::warning file=load.py,line=2,title=cfgmigrate kw::renamed keyword torch_dtype to dtype\n"
    )
    md = cli(root, "--dry-run", "--format", "markdown").stdout
    assert md.startswith(
        "## cfgmigrate\n\n**2** file(s) would change (2 changes), 0 error(s), 0 warning(s); 5 scanned, 2 parsed.\n"
    )
    assert "| `dtype` | 1 |\n| `kw` | 1 |" in md and md.count("<details>") == 2
    sarif = json.loads(cli(root, "--dry-run", "--format", "sarif").stdout)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["dtype", "kw"]


def test_markdown_stays_within_githubs_comment_limit(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(PACK)
    for i in range(60):
        (tmp_path / f"big{i}.yaml").write_text("".join(f"s{j}:\n  torch_dtype: bf16\n" for j in range(80)))
    md = cli(tmp_path, "--dry-run", "--format", "markdown").stdout
    assert len(md) <= 65536
    assert "more file(s) not shown: the comment would exceed GitHub's 65,536-character limit" in md


def test_cache_skips_clean_files_and_never_trusts_changed_bytes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 6)
    packs = (load_pack_text(PACK, "pack.yaml"),)
    settings = api.Settings(paths=(root,), packs=packs, root=root, use_cache=True)
    first = api.plan(settings)
    assert (first.summary.files_parsed, first.summary.files_changed) == (4, 3)
    known = cache.load(root, cache.ruleset_key(packs))
    assert sorted(known) == ["d0/c5.yaml", "d1/c1.yaml", "d2/c2.yaml", "d4/c4.yaml", "pack.yaml"]  # clean files only
    second = api.plan(settings)
    hits = sorted(r.path for r in second.results if r.meta.get("cache") == "hit")
    assert hits == sorted(known) and second.summary.files_parsed == 3
    (root / "d1" / "c1.yaml").write_text("model:\n  torch_dtype: fp16\n")  # bytes changed: parsed again
    third = api.plan(settings)
    [c1] = [r for r in third.results if r.path == "d1/c1.yaml"]
    assert c1.meta.get("cache") != "hit" and c1.status.value == "changed"
    other = (load_pack_text(PACK.replace("to: dtype\n  - id: kw", "to: dt\n  - id: kw"), "pack.yaml"),)
    assert cache.ruleset_key(other) != cache.ruleset_key(packs)  # another rule set: another cache


def test_pre_commit_hook_definition() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    check = next(h for h in hooks if h["id"] == "cfgmigrate-check")
    assert check["entry"] == "cfgmigrate apply --check"
    assert check["pass_filenames"] is True and set(check["types_or"]) == {"yaml", "json", "python"}
    assert check["language"] == "python"


def test_staged_files_as_arguments_limit_the_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 6)
    old = os.getcwd()
    os.chdir(root)
    try:
        r = CliRunner().invoke(main, ["apply", "--check", "-r", "pack.yaml", "--root", ".", "d0/c0.yaml", "d1/c1.yaml"])
    finally:
        os.chdir(old)
    assert (r.exit_code, r.stdout) == (1, "would change d0/c0.yaml (1 change)\n")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, runpy; sys.argv=['cfgmigrate','--help']\ntry:\n    runpy.run_module('cfgmigrate', run_name='__main__')\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pydantic','libcst','ruamel','rich','torch','transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_sigkill_leaves_every_file_entirely_old_or_new(tmp_path: Path) -> None:
    old_text = "model:\n  torch_dtype: bf16\n" + "".join(f"k{j}: {j}\n" for j in range(200))
    new_text = old_text.replace("torch_dtype", "dtype")
    (tmp_path / "pack.yaml").write_text(PACK)
    for round_ in range(4):
        for i in range(150):
            (tmp_path / f"f{i}.yaml").write_text(old_text)
        proc = subprocess.Popen(
            [sys.executable, "-m", "cfgmigrate", "apply", "-j", "1", "--no-cache", "-r", "pack.yaml", "--root", ".", "."],
            cwd=tmp_path,
        )
        time.sleep(0.4 + 0.3 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        texts = {p.read_text() for p in tmp_path.glob("f*.yaml")}
        assert texts <= {old_text, new_text}
        assert not list(tmp_path.glob(".*.cfgmigrate.tmp")) or all(
            p.name.startswith(".f") for p in tmp_path.glob(".*.cfgmigrate.tmp")
        )
