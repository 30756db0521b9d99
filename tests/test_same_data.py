"""The equivalence check compares data type-exactly: a key ``1`` is not the key ``"1"``.

It used to compare ``json.dumps(..., sort_keys=True)`` of both sides, which writes every key as a
string, so an edit that wrongly quoted a key (``1:`` -> ``"1":``, ``true:`` -> ``"true":``) read
back as "the same data" and was written. These tests stand in for such a broken edit (a rule
runner that also quotes a key) and require the file to be refused."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from cfgmigrate.edits import apply_changes
from cfgmigrate.engines import config_engine
from cfgmigrate.engines.same_data import same_data
from cfgmigrate.engines.yaml_engine import ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Rename

RENAME_LR = Rename(id="lr", path=KeyPath.parse("**.lr"), target=KeyPath.parse("learning_rate"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({1: "x"}, {"1": "x"}),
        ({True: "x"}, {"true": "x"}),
        ({True: "x"}, {1: "x"}),
        ({1.0: "x"}, {1: "x"}),
        ({None: "x"}, {"null": "x"}),
        ({"a": {2: 0}}, {"a": {"2": 0}}),
        ({(1, 2): 0}, {(True, 2): 0}),
        ([1], [True]),
        ([1], [1.0]),
        ({"a": 0.0}, {"a": -0.0}),
        ({"a": 1}, {"a": 1, "b": 2}),
        ([1, 2], [1]),
        ("1", 1),
    ],
)
def test_values_of_another_type_are_not_the_same_data(a: Any, b: Any) -> None:
    assert not same_data(a, b)
    assert not same_data(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"b": 1, "a": [1, {"c": None}]}, {"a": [1, {"c": None}], "b": 1}),  # order of keys does not matter
        ({1: "x", "1": "y"}, {"1": "y", 1: "x"}),
        ({"x": float("nan")}, {"x": float("nan")}),
        ({(1, "a"): True}, {(1, "a"): True}),
        ([], []),
    ],
)
def test_the_same_data_is_the_same(a: Any, b: Any) -> None:
    assert same_data(a, b)


def quoting_runner(key: str) -> Any:
    """The real rule runner, then the bug under test: ``key:`` also written quoted."""
    real = config_engine.run_rule

    def run(path: str, text: str, rule: Any, dialect: str, docs: Any = None) -> Any:
        new_text, changes, diagnostics = real(path, text, rule, dialect, docs)
        return new_text.replace(f"\n{key}:", f'\n"{key}":'), changes, diagnostics

    return run


@pytest.mark.parametrize("key", ["1", "true", "1.5", "null"])
def test_an_edit_that_quotes_a_key_is_refused(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    text = f"lr: 0.1\n{key}: kept\n"
    monkeypatch.setattr(config_engine, "run_rule", quoting_runner(key))
    result = ENGINE.migrate("c.yaml", text, (RENAME_LR,))
    assert result.new_text == text  # left as it was
    assert result.changes == ()
    [problem] = [d.message for d in result.diagnostics]
    assert problem.startswith("refused: the rewritten file does not read back as the intended data (equivalence check: ")
    assert "missing" in problem or "unexpected" in problem


def test_without_the_bug_the_same_file_is_migrated() -> None:
    result = ENGINE.migrate("c.yaml", "lr: 0.1\n1: kept\n", (RENAME_LR,))
    assert result.new_text == "learning_rate: 0.1\n1: kept\n"
    assert result.diagnostics == ()


def dropping_runner() -> Any:
    """The real rule runner, then the bug under test: the last of its edits is lost (text and changes)."""
    real = config_engine.run_rule

    def run(path: str, text: str, rule: Any, dialect: str, docs: Any = None) -> Any:
        _, changes, diagnostics = real(path, text, rule, dialect, docs)
        last = max((e for c in changes for e in c.edits), key=lambda e: e.start)
        kept = [replace(c, edits=tuple(e for e in c.edits if e != last)) for c in changes]
        return apply_changes(text, kept), kept, diagnostics

    return run


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  lr: 0.1\nb:\n  c: {x: 1}\n  lr: 0.2\n",  # a tree: the new data shares with the old
        "a: &a\n  lr: 0.1\nb:\n  k: *a\n  lr: 0.2\n",  # an alias: both read in full
    ],
)
def test_a_rename_that_misses_a_key_is_refused(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(config_engine, "run_rule", dropping_runner())
    result = ENGINE.migrate("c.yaml", text, (RENAME_LR,))
    assert result.new_text == text
    [problem] = [d.message for d in result.diagnostics]
    assert problem.startswith("refused: the rewritten file does not read back as the intended data (equivalence check: b.")
