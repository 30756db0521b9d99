"""Repository names: the output folder of each, unique and safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgmigrate.batch.sources import Source, SourceError, read_repos_file, resolve_sources


def test_names_come_from_the_last_segment(tmp_path: Path) -> None:
    (tmp_path / "local-repo").mkdir()
    got = resolve_sources([str(tmp_path / "local-repo"), "https://github.com/org/Some.Repo.git", "git@github.com:org/x y.git"])
    assert got == [
        Source("local-repo", str(tmp_path / "local-repo"), False),
        Source("Some.Repo", "https://github.com/org/Some.Repo.git", True),
        Source("x-y", "git@github.com:org/x y.git", True),
    ]


def test_a_shared_name_takes_the_owner_in_front() -> None:
    got = resolve_sources(["https://github.com/a/utils", "https://github.com/b/utils.git", "https://github.com/b/utils.git"])
    assert [s.name for s in got] == ["a-utils", "b-utils"]  # the same repository twice is one


def test_names_that_cannot_be_told_apart_are_an_error() -> None:
    with pytest.raises(
        SourceError, match="two repositories would share the output folder 'a-utils': https://x/a/utils, https://y/a/utils"
    ):
        resolve_sources(["https://x/a/utils", "https://y/a/utils"])


def test_the_repos_file_skips_blanks_and_comments(tmp_path: Path) -> None:
    (tmp_path / "repos.txt").write_text("# org\n\nhttps://h/o/a.git  # the first\n  https://h/o/b\n")
    assert read_repos_file(tmp_path / "repos.txt") == ["https://h/o/a.git", "https://h/o/b"]
