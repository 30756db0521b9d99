"""scalar_proof: the data of a rewritten YAML text read from the old nodes, only where that is the
data a full re-parse gives. Each case: the proof's answer against composing the new text."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from cfgmigrate.engines import fastcompose, scalar_proof
from cfgmigrate.engines.textdoc import node_value
from cfgmigrate.types import Edit


def full(text: str) -> list[Any]:
    return [node_value(d) for d in fastcompose.compose_all(text)]


def exact(data: Any) -> str:
    """Data written out with every type (1, 1.0 and True differ; so do "1" and 1 as keys)."""
    if isinstance(data, dict):
        return "{" + ",".join(f"{exact(k)}:{exact(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ",".join(exact(v) for v in data) + "]"
    return f"{type(data).__name__}({data!r})"


def proved(old: str, find: str, replacement: str) -> tuple[list[Any] | None, str]:
    """Replace the first ``find`` in ``old``; the proof's data (or None) and the new text."""
    start = old.index(find)
    edit = Edit(start, start + len(find), replacement)
    new = old[:start] + replacement + old[start + len(find) :]
    return scalar_proof.data_after(old, fastcompose.compose_all(old), [edit], new), new


@pytest.mark.parametrize(
    ("old", "find", "replacement", "data"),
    [
        ("a:\n  output_dir: /tmp/x  # out\n", "output_dir", "save_dir", [{"a": {"save_dir": "/tmp/x"}}]),
        ("o: 1\nlog: ${o}/logs\n", "${o}", "${out}", [{"o": 1, "log": "${out}/logs"}]),
        ("- a: 1\n- b: x\n", "b", "c", [[{"a": 1}, {"c": "x"}]]),
        ("k: v\n", "v", "true", [{"k": True}]),  # the new text's tag is resolved again
        ("k: v\n", "v", "1e3", [{"k": 1000.0}]),
        ("k: v\r\nj: w\r\n", "j", "jj", [{"k": "v", "jj": "w"}]),
        ("b: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "y", "z", [{"b": {"x": 1}, "c": {"x": 1, "z": 2}}]),
    ],
)
def test_simple_plain_scalars_are_proved_and_agree_with_a_full_parse(
    old: str, find: str, replacement: str, data: list[Any]
) -> None:
    got, new = proved(old, find, replacement)
    assert got == data
    assert exact(got) == exact(full(new))


@pytest.mark.parametrize(
    ("old", "find", "replacement", "why"),
    [
        ('"a": 1\n', "a", "b", "a quoted key"),
        ("m: {a: 1}\n", "a", "b", "inside a flow mapping"),
        ("k: [a, b]\n", "a", "c", "inside a flow sequence"),
        ("k: &x a\nj: *x\n", "a", "b", "an anchored value"),
        ("k: !t a\n", "a", "b", "a tagged value"),
        ("k: a\n  b\n", "a", "c", "a plain scalar over two lines"),
        ("k: |\n  a\n", "a", "b", "a block scalar"),
        ("a: 1\n", "a", "b c", "a blank in the new text"),
        ("a: 1\n", "a", "b#", "a hash in the new text"),
        ("a: 1\n", "a", "-b", "an indicator first"),
        ("a: 1\n", "a", "<<", "the merge key"),
        ("%YAML 1.2\n---\na: 1\n", "a", "b", "a %YAML directive"),
        ("k: " + "x" * 990 + "\n", "k", "kkkkkkkkkkkk", "a line of 1,000 characters or more"),
        ("a: 1\nb: 2\n", "a: 1\n", "", "a removed line"),
    ],
)
def test_anything_else_is_left_to_the_full_parse(old: str, find: str, replacement: str, why: str) -> None:
    got, _ = proved(old, find, replacement)
    assert got is None, why


def test_edits_that_do_not_give_the_new_text_prove_nothing() -> None:
    old = "a: 1\n"
    assert scalar_proof.data_after(old, fastcompose.compose_all(old), [Edit(0, 1, "b")], "c: 1\n") is None


def test_the_old_nodes_are_left_as_they_were() -> None:
    old = "a: 1\nb: ${a}\n"
    docs = fastcompose.compose_all(old)
    before = exact([node_value(d) for d in docs])
    edits = [Edit(0, 1, "z"), Edit(10, 11, "z")]
    assert scalar_proof.data_after(old, docs, edits, "z: 1\nb: ${z}\n") == [{"z": 1, "b": "${z}"}]
    assert exact([node_value(d) for d in docs]) == before


VALUES = ["v", "${a}", "${a}/x", "${b.a}", "x${a}y", "1", "true", "${a}#c", "${a} #c", "'${a}'", '"${a}"', "[${a}, b]"]
VALUES += ["{k: ${a}}", "${a}\n{i}  more", "${a} :x", "${a}:x", "&n ${a}", "!t ${a}", "${a}\t", "a${a}-${a}", "~", "12:30"]
NAMES = ["b", "save_dir", "a$", "a-b", "~", "null", "true", "1e3", "on", "a=b", "c.d", "q@r", "a{b}", "x", "b #c", "b: c", "b:"]


def _block(rnd: random.Random, indent: int, depth: int) -> list[str]:
    lines, pre = [], " " * indent
    for _ in range(rnd.randint(1, 4)):
        key = rnd.choice(["a", "a", "b", "x"])
        if depth < 3 and rnd.random() < 0.35:
            lines.append(f"{pre}{key}:" + rnd.choice(["", " # c"]))
            lines += _block(rnd, indent + rnd.choice([2, 4]), depth + 1)
        else:
            value = rnd.choice(VALUES).replace("{i}", pre)
            lines.append(f"{pre}{key}{rnd.choice([': ', ' : ', ':  '])}{value}{rnd.choice(['', ' # c'])}")
    return lines


def test_every_proof_over_generated_files_agrees_with_the_full_parse() -> None:
    """Keys ``a`` and their interpolations renamed in generated files: wherever the proof answers,
    its data is exactly the re-parsed data (and it does answer for most of them)."""
    rnd, answered = random.Random(17), 0
    for _ in range(400):
        old = "\n".join(_block(rnd, 0, 0)) + "\n"
        try:
            docs = fastcompose.compose_all(old)
        except Exception:  # noqa: BLE001 - generated text that is not YAML
            continue
        to = rnd.choice(NAMES)
        edits = [
            Edit(i, i + 1, to) for i in range(len(old)) if old[i] == "a" and old[i - 1 : i + 2] in ("\na:", " a:", "{a}", "{a ")
        ]
        edits += [Edit(0, 1, to)] if old.startswith("a:") else []
        new = old
        for e in sorted(edits, key=lambda e: -e.start):
            new = new[: e.start] + e.replacement + new[e.end :]
        got = scalar_proof.data_after(old, docs, edits, new)
        if got is None:
            continue
        answered += 1
        assert exact(got) == exact(full(new)), json.dumps([old, new])
    assert answered > 30


def _both(old: str, edits: list[Edit]) -> tuple[list[Any], list[Any], str] | None:
    new = old
    for e in sorted(edits, key=lambda e: -e.start):
        new = new[: e.start] + e.replacement + new[e.end :]
    pair = scalar_proof.data_before_and_after(old, fastcompose.compose_all(old), edits, new)
    return None if pair is None else (pair[0], pair[1], new)


@pytest.mark.parametrize(
    "old",
    [
        "a:\n  b: 1\n  c: {d: [1, 2]}\ne: [x, {f: 1}]\n",  # a tree: read once, shared
        "k: &v {x: 1}\na: 1\nj: *v\n",  # an alias: both read in full
        "b: &b {x: 1}\nc:\n  <<: *b\n  a: 2\n",  # a merge key
        "c:\n  <<: {x: 1}\n  a: 2\n",  # a merge key without an alias
        "a: 1\na: 2\nb: 3\n",  # a key written twice
        "1: x\n'1': y\na: 3\n",  # two keys that read alike
        "s:\n- a: 1\n- {z: 2}\n- [a]\n",
    ],
)
def test_both_readings_are_those_of_a_full_parse(old: str) -> None:
    got = _both(old, [Edit(m, m + 1, "zz") for m in range(len(old)) if old[m] == "a" and old[m + 1] == ":"])
    assert got is not None
    before, after, new = got
    assert exact(before) == exact(full(old))
    assert exact(after) == exact(full(new))


def test_in_a_tree_what_the_edits_did_not_reach_is_the_first_reading_itself() -> None:
    old = "top:\n  a: 1\n  keep: {x: [1, 2]}\nother:\n  deep: [y]\n"
    got = _both(old, [Edit(old.index("a:"), old.index("a:") + 1, "b")])
    assert got is not None
    (before,), (after,), _ = got
    assert after == {"top": {"b": 1, "keep": {"x": [1, 2]}}, "other": {"deep": ["y"]}}
    assert after["other"] is before["other"] and after["top"]["keep"] is before["top"]["keep"]
    assert after["top"] is not before["top"] and before["top"] == {"a": 1, "keep": {"x": [1, 2]}}


def test_both_readings_over_generated_files_agree_with_full_parses() -> None:
    rnd, answered = random.Random(23), 0
    for _ in range(400):
        old = "\n".join(_block(rnd, 0, 0)) + "\n"
        try:
            docs = fastcompose.compose_all(old)
        except Exception:  # noqa: BLE001 - generated text that is not YAML
            continue
        to = rnd.choice(NAMES)
        edits = [
            Edit(i, i + 1, to) for i in range(len(old)) if old[i] == "a" and old[i - 1 : i + 2] in ("\na:", " a:", "{a}", "{a ")
        ]
        edits += [Edit(0, 1, to)] if old.startswith("a:") else []
        new = old
        for e in sorted(edits, key=lambda e: -e.start):
            new = new[: e.start] + e.replacement + new[e.end :]
        pair = scalar_proof.data_before_and_after(old, docs, edits, new)
        assert (pair is None) == (scalar_proof.data_after(old, docs, edits, new) is None)
        if pair is None:
            continue
        answered += 1
        assert exact(pair[0]) == exact(full(old)), json.dumps([old, new])
        assert exact(pair[1]) == exact(full(new)), json.dumps([old, new])
    assert answered > 30
