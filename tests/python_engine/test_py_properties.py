"""Properties of keyword edits over generated call layouts: the result parses, and its AST is the
intended call; nothing outside the call changes."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pyengine import migrate

SEPARATORS = st.sampled_from([", ", ",", ",\n    ", " ,  ", ",  # note\n    "])
ARGUMENTS = st.lists(st.sampled_from(['"a"', "b", "c=1", "d='x'", "*rest"]), max_size=3, unique=True)


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, list[str]]:
    """``f.from_pretrained(...)`` with the keyword ``low=True`` somewhere among other arguments."""
    items = draw(ARGUMENTS)
    positional = [i for i in items if "=" not in i]
    keywords = [i for i in items if "=" in i]
    at = draw(st.integers(0, len(keywords)))
    keywords.insert(at, "low=True")
    parts = [*positional, *keywords]
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATORS) + part
    opener = draw(st.sampled_from(["(", "(\n    "]))
    closer = draw(st.sampled_from([")", ",\n)", "\n)", ",  # end\n)"]))
    return f"x = 1\nm.from_pretrained{opener}{text}{closer}\ny = 2\n", parts


def _call_of(source: str) -> str:
    return ast.dump(ast.parse(source).body[1])


@settings(max_examples=120, deadline=None)
@given(calls())
def test_removing_a_keyword_leaves_exactly_the_other_arguments(tmp_path_factory, case) -> None:  # type: ignore[no-untyped-def]
    source, parts = case
    pack = 'name: t\nrules:\n  - {id: low, remove: low, calls: ["*.from_pretrained"]}\n'
    out = migrate(tmp_path_factory.mktemp("p"), pack, {"m.py": source}, "m.py")
    expected = "x = 1\nm.from_pretrained(" + ", ".join(p for p in parts if p != "low=True") + ")\ny = 2\n"
    assert _call_of(out.text) == _call_of(expected)
    assert out.text.startswith("x = 1\nm.from_pretrained") and out.text.endswith("\ny = 2\n")


@settings(max_examples=120, deadline=None)
@given(calls())
def test_adding_a_keyword_appends_it_once_and_a_second_run_changes_nothing(tmp_path_factory, case) -> None:  # type: ignore[no-untyped-def]
    source, parts = case
    pack = 'name: t\nrules:\n  - {id: attn, add: attn_implementation, default: sdpa, calls: ["*.from_pretrained"]}\n'
    root = tmp_path_factory.mktemp("p")
    out = migrate(root, pack, {"m.py": source}, "m.py")
    expected = "x = 1\nm.from_pretrained(" + ", ".join([*parts, 'attn_implementation="sdpa"']) + ")\ny = 2\n"
    assert _call_of(out.text) == _call_of(expected)
    again = migrate(root, pack, {"m.py": out.text}, "m.py")
    assert (again.text, again.changes) == (out.text, [])


def test_a_hypothesis_free_sanity_check(tmp_path: Path) -> None:
    pack = 'name: t\nrules:\n  - {id: low, remove: low, calls: ["*.from_pretrained"]}\n'
    out = migrate(tmp_path, pack, {"m.py": "m.from_pretrained(\n    low=True,  # gone\n)\n"}, "m.py")
    assert out.text == "m.from_pretrained(\n)\n"
