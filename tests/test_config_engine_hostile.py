"""Hostile YAML for the config engine: alias bombs and deep nesting are refused quickly with a
clear line, in a subprocess (a hang or a crash would be bounded and seen), and the other files of
the run are still migrated."""

from __future__ import annotations

from pathlib import Path

from hostile import RENAME_PACK, cfgmigrate

from cfgmigrate.engines import limits
from cfgmigrate.engines.textdoc import TooBig, compose
from cfgmigrate.engines.yaml_engine import ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Remove, Rename

RENAME_LR = Rename(id="lr", path=KeyPath.parse("**.lr"), target=KeyPath.parse("learning_rate"))


def alias_bomb(levels: int) -> str:
    """The billion-laughs file: each level is nine aliases of the one before (9**levels strings)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\nlr: 1\n"


def test_an_alias_bomb_is_refused_with_a_clear_line_and_the_other_files_are_migrated(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    bomb = alias_bomb(9)
    assert len(bomb) < 500
    (tmp_path / "bomb.yaml").write_text(bomb)
    (tmp_path / "ok.yaml").write_text("lr: 1\n")
    r = cfgmigrate(tmp_path, "--no-cache", timeout=60)
    assert r.returncode == 2
    assert r.stderr.splitlines()[0] == (
        "bomb.yaml: refused: its aliases expand 30 written nodes by more than 200,000 (an alias bomb); left as it was"
    )
    assert (tmp_path / "bomb.yaml").read_text() == bomb
    assert (tmp_path / "ok.yaml").read_text() == "learning_rate: 1\n"


def test_fifty_thousand_brackets_are_refused_before_any_parser_runs(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(RENAME_PACK)
    deep = "x: 1\nlr: " + "[" * 50_000 + "]" * 50_000 + "\n"
    (tmp_path / "deep.yaml").write_text(deep)
    (tmp_path / "deep.json").write_text('{"lr": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    r = cfgmigrate(tmp_path, "-j", "1", "--no-cache", timeout=60)
    assert r.returncode == 2
    assert r.stderr.splitlines()[:2] == [
        "deep.json:1: refused: nested deeper than 200 levels; left as it was",
        "deep.yaml:2: refused: nested deeper than 200 levels; left as it was",
    ]
    assert (tmp_path / "deep.yaml").read_text() == deep


def test_deep_block_nesting_is_refused_too() -> None:
    deep = "".join(" " * i + "k:\n" for i in range(300)) + " " * 300 + "lr: 1\n"
    result = ENGINE.migrate("d.yaml", deep, (RENAME_LR,))
    assert [d.render() for d in result.diagnostics] == ["d.yaml:201: refused: nested deeper than 200 levels; left as it was"]


def test_real_nesting_and_shared_anchors_are_not_limited() -> None:
    nested = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(60)) + " " * 120 + "lr: 1\n"
    assert ENGINE.migrate("n.yaml", nested, (RENAME_LR,)).new_text.endswith("learning_rate: 1\n")
    block = "base: &b {" + ", ".join(f"k{i}: {i}" for i in range(200)) + "}\n"
    uses = "".join(f"u{i}: *b\n" for i in range(250))  # 100,000 nodes read from 900 written
    result = ENGINE.migrate("s.yaml", block + uses + "lr: 1\n", (RENAME_LR,))
    assert not result.diagnostics and result.new_text.endswith("learning_rate: 1\n")


def test_a_recursive_alias_is_refused() -> None:
    try:
        limits.check_expansion(compose("a: &a [1, *a]\n"))
    except TooBig as e:
        assert str(e) == "refused: an alias refers to a node that contains it (a recursive alias)"
    else:
        raise AssertionError("not refused")


def test_a_key_with_a_letter_written_as_an_escape_passes_the_prefilter() -> None:
    assert "\\u" in ENGINE.tokens(RENAME_LR)
    assert ENGINE.tokens(Remove(id="i", path=KeyPath.parse("m.1"))) == ()
