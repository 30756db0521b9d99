"""Key paths: parsing, matching (property-tested), captures and targets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfgmigrate.keypath import KeyPath, KeyPathError

names = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)
locations = st.lists(st.one_of(names, st.integers(0, 3)), min_size=1, max_size=6).map(tuple)


def test_parse_quoted_and_wild_segments() -> None:
    p = KeyPath.parse('"llama.v2".*.dtype')
    assert p.segments == ("llama.v2", "*", "dtype")
    assert str(p) == '"llama.v2".*.dtype'
    assert p.match(("llama.v2", "fast", "dtype")) == ("fast",)
    assert p.match(("llama", "v2", "fast", "dtype")) is None


@pytest.mark.parametrize("text", ["", "a..b", "a.", ".a", 'a."b', "a*.b", "'unterminated"])
def test_bad_paths_are_refused(text: str) -> None:
    with pytest.raises(KeyPathError):
        KeyPath.parse(text)


def test_sequence_items_and_globstar() -> None:
    assert KeyPath.parse("models.*.torch_dtype").match(("models", 2, "torch_dtype")) == (2,)
    assert KeyPath.parse("models.1.name").match(("models", 1, "name")) == ()
    assert KeyPath.parse("models.1.name").match(("models", 0, "name")) is None
    assert KeyPath.parse("**.x").match(("x",)) == ()
    assert KeyPath.parse("**.x").match(("a", 0, "b", "x")) == ()


def test_move_target_reuses_captures() -> None:
    src, dst = KeyPath.parse("runs.*.lr"), KeyPath.parse("runs.*.optimizer.lr")
    assert dst.substitute(src.match(("runs", "small", "lr"))) == ("runs", "small", "optimizer", "lr")


@given(locations)
def test_a_literal_path_matches_exactly_its_location(loc: tuple) -> None:
    path = KeyPath.parse(".".join(f'"{s}"' if isinstance(s, str) else str(s) for s in loc))
    assert path.match(loc) == ()
    assert path.match(loc + ("extra",)) is None
    assert path.match(loc[:-1]) is None


@given(locations, st.data())
def test_star_captures_the_segment_it_replaces(loc: tuple, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(loc) - 1))
    parts = [f'"{s}"' if isinstance(s, str) else str(s) for s in loc]
    parts[i] = "*"
    assert KeyPath.parse(".".join(parts)).match(loc) == (loc[i],)


@given(locations)
def test_globstar_prefix_matches_any_depth_ending_in_the_last_name(loc: tuple) -> None:
    last = loc[-1]
    if isinstance(last, str):
        assert KeyPath.parse(f'**."{last}"').match(loc) == ()
