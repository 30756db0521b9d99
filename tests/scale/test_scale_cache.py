"""The content-hash cache: a repeated run over an unchanged project parses nothing; changed
bytes, another rule set or another class index are never served from it; a broken cache is
ignored; it lives in .cfgmigrate_cache/ (ignored by git by itself) or $CFGMIGRATE_CACHE_DIR."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from scale_repo import PACK, cli

from cfgmigrate import api, cache
from cfgmigrate.pack import load_pack_text

PACKS = (load_pack_text(PACK, "pack.yaml"),)
CLEAN = "model:\n  dtype: bf16  # was torch_dtype\n"  # the prefilter passes, the engine finds nothing


def clean_repo(root: Path, n: int = 6) -> Path:
    (root / "pack.yaml").write_text(PACK)
    for i in range(n):
        (root / f"c{i}.yaml").write_text(CLEAN)
    (root / "load.py").write_text(
        "from transformers import AutoModel\nAutoModel.from_pretrained('x', dtype='auto')  # torch_dtype\n"
    )
    return root


def plan(root: Path, packs: tuple = PACKS, paths: tuple[Path, ...] = ()) -> api.Plan:
    return api.plan(api.Settings(paths=paths or (root,), packs=packs, root=root, use_cache=True))


def hits(p: api.Plan) -> list[str]:
    return [r.path for r in p.results if r.meta.get("cache") == "hit"]


def test_a_repeated_run_over_an_unchanged_project_parses_nothing(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    first, second = plan(root), plan(root)
    assert (first.summary.files_parsed, first.summary.files_changed) == (8, 0)
    assert (second.summary.files_parsed, hits(second)) == (
        0,
        ["c0.yaml", "c1.yaml", "c2.yaml", "c3.yaml", "c4.yaml", "c5.yaml", "load.py", "pack.yaml"],
    )
    assert [r.status.value for r in second.results] == ["unchanged"] * 8


def test_changed_bytes_are_parsed_again_and_pending_files_are_never_cached(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    plan(root)
    (root / "c1.yaml").write_text("model:\n  torch_dtype: fp16\n")
    third = plan(root)
    assert [(r.path, r.status.value, r.parsed) for r in third.results if r.parsed] == [("c1.yaml", "changed", True)]
    assert [(r.path, r.parsed) for r in plan(root).results if r.parsed] == [("c1.yaml", True)]  # still pending


def test_another_rule_set_or_class_index_is_another_cache(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    plan(root)
    other = (load_pack_text(PACK.replace("to: dtype\n  - id: kw", "to: dt\n  - id: kw"), "pack.yaml"),)
    assert plan(root, other).summary.files_parsed == 8
    assert cache.ruleset_key(PACKS) != cache.ruleset_key(other)
    assert cache.ruleset_key(PACKS, {("python", "p"): ("A", ("x",))}) != cache.ruleset_key(
        PACKS, {("python", "p"): ("A", ("y",))}
    )


def test_a_broken_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    plan(root)
    [entry] = cache.cache_dir(root).glob("*.json")
    for junk in ("{not json", '["a list"]', '{"c0.yaml": 3}'):
        entry.write_text(junk)
        assert plan(root).summary.files_parsed == 8
        assert len(json.loads(entry.read_text())) == 8


def test_a_run_over_some_files_keeps_what_is_known_about_the_others(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    plan(root)
    (root / "c0.yaml").write_text("model:\n  torch_dtype: fp16\n")
    assert plan(root, paths=(root / "c0.yaml",)).summary.files_parsed == 1
    assert plan(root).summary.files_parsed == 1  # only c0, still pending


def test_no_cache_parses_everything_and_leaves_the_cache_alone(tmp_path: Path) -> None:
    root = clean_repo(tmp_path)
    leftovers = "7 warnings (7 leftovers: retired names still in scope)\n"  # the comments name torch_dtype
    assert cli(root, "--check", "--no-cache").stderr.endswith(
        f"8 files scanned, 8 parsed, 0 would change (0 changes), 0 errors, {leftovers}"
    )
    assert not cache.cache_dir(root).exists()
    cli(root, "--check")
    assert cli(root, "--check").stderr.endswith(f"8 files scanned, 0 parsed, 0 would change (0 changes), 0 errors, {leftovers}")
    assert cli(root, "--check", "--no-cache").stderr.endswith(f"8 parsed, 0 would change (0 changes), 0 errors, {leftovers}")


def test_the_cache_lives_in_the_project_and_git_ignores_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CFGMIGRATE_CACHE_DIR")
    root = clean_repo(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    plan(root)
    assert cache.cache_dir(root) == root / ".cfgmigrate_cache"
    assert sorted(p.suffix for p in (root / ".cfgmigrate_cache").iterdir()) == ["", ".json"]  # .gitignore and the entry
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "-uall"], capture_output=True, text=True, check=True
    )
    assert ".cfgmigrate_cache" not in status.stdout
    assert plan(root).summary.files_parsed == 0


def test_only_the_latest_rule_sets_are_kept(tmp_path: Path) -> None:
    for i in range(cache.KEEP + 3):
        cache.save(tmp_path, f"key{i:02}", {"a": "b"})
    assert len(list(cache.cache_dir(tmp_path).glob("*.json"))) == cache.KEEP
