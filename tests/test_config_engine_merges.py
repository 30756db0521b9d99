"""Merge keys (``<<: *base``) and sequence items in the YAML engine and its equivalence check."""

from __future__ import annotations

from cfgmigrate.engines import reference
from cfgmigrate.engines.config_engine import load_yaml
from cfgmigrate.engines.yaml_engine import ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Map, Remove, Rename

MERGED = """\
a: &a {x: 1, y: 2}
b: &b {x: 10, z: 3}
c:
  <<: [*a, *b]
  y: 20
"""

Y22 = """\
base: &base
  lr: 0.1
child:
  <<: *base
  learning_rate: 0.5
"""

RENAME_LR = Rename(id="lr-long", path=KeyPath.parse("**.lr"), target=KeyPath.parse("learning_rate"))


def test_the_check_reads_merged_data_own_keys_first_then_earlier_sources() -> None:
    assert load_yaml(MERGED)[0]["c"] == {"x": 1, "y": 20, "z": 3}


def test_the_check_alone_refuses_a_rename_that_drops_an_inherited_value() -> None:
    naive = Y22.replace("  lr:", "  learning_rate:")  # what a merge-blind engine would write
    problem = ENGINE._check(naive, lambda: load_yaml(Y22), (RENAME_LR,))
    assert "equivalence check" in problem


def test_a_merge_key_conflict_is_an_error_on_the_base_key_line() -> None:
    result = ENGINE.migrate("t.yaml", Y22, (RENAME_LR,))
    assert result.new_text == Y22
    assert [d.render() for d in result.diagnostics] == [
        "t.yaml:2: lr-long: cannot rename base.lr to learning_rate: child merges it (<<) and has its own "
        "learning_rate (line 5) with another value; set on_conflict to keep or replace"
    ]


def test_a_mapping_that_merges_through_another_one_counts_too() -> None:
    text = "base: &base\n  lr: 0.1\nchild: &child\n  <<: *base\n  warmup: 1\ngrandchild:\n  <<: *child\n  learning_rate: 0.9\n"
    messages = [d.message for d in ENGINE.migrate("t.yaml", text, (RENAME_LR,)).diagnostics]
    assert messages == [
        "cannot rename base.lr to learning_rate: grandchild merges it (<<) and has its own learning_rate (line 8) "
        "with another value; set on_conflict to keep or replace"
    ]


def test_sequence_items_are_matched_by_the_reference_for_map_only() -> None:
    rule = Map(id="m", path=KeyPath.parse("mods.*"), values=(("q", "q_proj"),))
    assert reference.transform([{"mods": ["q", "k"]}], (rule,)) == [{"mods": ["q_proj", "k"]}]
    drop = Remove(id="d", path=KeyPath.parse("mods.*"))
    assert reference.transform([{"mods": {"q": 1}}], (drop,)) == [{}]


FOLDED = [
    "a: x$\n  {y}\n",  # a plain scalar over two lines: the break folds to a space
    "a: 'x$\n  {y}'\n",
    'a: "x$\n  {y}"\n',
    "a: >\n  x$\n  {y}\n",
    "a: |\n  x$\n  {y}\n",
    "a: >-\n  x$\n\n  {y}\n",
    "? x$\n  {y}\n: 1\n",
]


def test_without_the_two_characters_or_an_escape_no_string_holds_an_interpolation() -> None:
    """The check tells the reference there is no ``${`` to follow when the text has neither ``${``
    nor a backslash: folding puts a space or a line break between ``$`` and ``{``; only an escape
    in a double-quoted scalar joins them."""
    for text in FOLDED:
        assert "${" not in text and "\\" not in text
        assert not reference._interpolates(load_yaml(text)), text
    for text in ['a: "x$\\\n  {y}"\n', 'a: "\\x24{y}"\n', 'a: "$\\u007b"\n']:
        assert reference._interpolates(load_yaml(text)), text


def test_a_rename_follows_interpolations_written_with_escapes_as_before() -> None:
    rule = Rename(id="o", path=KeyPath.parse("o"), target=KeyPath.parse("out"))
    result = ENGINE.migrate("c.yaml", 'o: 1\nlog: "\\x24{o}/logs"\n', (rule,))
    assert result.new_text == 'o: 1\nlog: "\\x24{o}/logs"\n'  # the escape is not a reference the text shows: refused
    assert [d.message for d in result.diagnostics][0].startswith("refused: the rewritten file does not read back")
