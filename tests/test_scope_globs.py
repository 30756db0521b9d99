"""A pack's ``files:`` globs: the common ``*.EXT`` / ``**/*.EXT`` forms are matched without pathspec,
and always as pathspec (gitignore) matches them; every other form goes to pathspec."""

from __future__ import annotations

import os
import subprocess
import sys

import pathspec
from hypothesis import given
from hypothesis import strategies as st

from cfgmigrate.discover import _matches, _name_endings

PART = st.text(alphabet="aAb.ymlYML_-", min_size=1, max_size=8)
PATH = st.lists(PART, min_size=1, max_size=4).map("/".join)
ENDING = st.sampled_from([".yaml", ".yml", ".YML", ".json", ".y", ".tar.gz", ".a-b", ".ml"])
GLOB = st.tuples(st.sampled_from(["*", "**/*"]), ENDING).map("".join)


@given(PATH, st.lists(GLOB, min_size=1, max_size=3))
def test_the_fast_answer_is_pathspecs(rel: str, globs: list[str]) -> None:
    assert _name_endings(tuple(globs)) is not None
    want = bool(pathspec.PathSpec.from_lines("gitignore", globs).match_file(rel))
    assert _matches(rel, tuple(globs)) is want


def test_a_folder_named_like_the_ending_holds_its_files_in_scope_as_in_gitignore() -> None:
    assert _matches("conf.yaml/notes.txt", ("**/*.yaml",)) is True
    assert _matches("a/b.yml", ("*.yaml",)) is False


def test_other_forms_go_to_pathspec() -> None:
    for globs in (("configs/*.yaml",), ("*.yaml", "!skip.yaml"), ("**/*.[jy]son",), ("**/*",), ("*.yaml ",)):
        assert _name_endings(globs) is None, globs
    assert _matches("skip.yaml", ("*.yaml", "!skip.yaml")) is False
    assert _matches("configs/a.yaml", ("configs/*.yaml",)) is True
    assert _matches("other/configs/a.yaml", ("configs/*.yaml",)) is False


def test_a_warm_run_with_simple_globs_in_a_git_work_tree_never_imports_pathspec(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """(The first run validates the pack, with pathspec checking its globs; the next loads it compiled.)"""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.yaml").write_text("lr: 1\n")
    (tmp_path / ".gitignore").write_text("packs/\n")
    (tmp_path / "pack.yaml").write_text("name: p\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    rename: lr\n    to: rate\n")
    code = (
        "import sys; from cfgmigrate.cli import main\n"
        "try:\n    main(['apply', '-r', 'pack.yaml', '--no-cache', '-j', '1', '.'])\n"
        "except SystemExit:\n    pass\n"
        "print('pathspec' in sys.modules)"
    )
    env = {**os.environ, "CFGMIGRATE_PACK_CACHE": str(tmp_path / "packs")}
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
        for _ in "12"
    ]
    assert [r.stdout.strip().splitlines()[-1] for r in runs] == ["True", "False"]
    assert (tmp_path / "a.yaml").read_text() == "rate: 1\n"
