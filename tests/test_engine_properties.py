"""Property tests for the YAML and JSON engines: random nested configs with comments, random rules.

For every generated case: no refusal, the output re-parses to exactly the reference transformation
of the input data, the comments of untouched keys are still there, and a second run is a no-op.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfgmigrate.engines import reference
from cfgmigrate.engines.config_engine import load_json, load_yaml
from cfgmigrate.engines.json_engine import ENGINE as JSON_ENGINE
from cfgmigrate.engines.yaml_engine import ENGINE as YAML_ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Move, Remove, Rename, Rule

keys = st.sampled_from(["alpha", "beta", "gamma", "delta", "eps", "zeta"])
scalars = st.one_of(
    st.integers(-5, 500), st.booleans(), st.sampled_from(["x", "owt", "bf16", "a b"]), st.sampled_from([0.5, 1.0e-4])
)
trees = st.recursive(scalars, lambda inner: st.dictionaries(keys, inner, min_size=1, max_size=4), max_leaves=12)
configs = st.dictionaries(keys, trees, min_size=1, max_size=5)


def to_yaml(data: dict, indent: int, comments: list[bool], notes: set[tuple] | None = None, loc: tuple = ()) -> str:
    """The config as YAML; the locations of the leaves that got an inline `# note` go into `notes`."""
    out, notes = [], set() if notes is None else notes
    for k, v in data.items():
        pad = " " * (indent * len(loc))
        if comments and comments.pop():
            out.append(f"{pad}# about {k}\n")
        if isinstance(v, dict):
            out.append(f"{pad}{k}:\n" + to_yaml(v, indent, comments, notes, loc + (k,)))
        else:
            note = "  # note" if comments and comments.pop() else ""
            notes.update([loc + (k,)] if note else [])
            out.append(f"{pad}{k}: {json.dumps(v)}{note}\n")
    return "".join(out)


def locations(data: Any, loc: tuple = ()) -> list[tuple]:
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append(loc + (k,))
            out.extend(locations(v, loc + (k,)))
    return out


def mappings(data: Any, loc: tuple = ()) -> list[tuple]:
    out = [loc] if isinstance(data, dict) else []
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(mappings(v, loc + (k,)))
    return out


def path(loc: tuple) -> KeyPath:
    return KeyPath.parse(".".join(loc))


@st.composite
def rules_for(draw: st.DrawFn, data: dict) -> tuple[Rule, ...]:
    rules = []
    for i in range(draw(st.integers(1, 3))):
        locs = locations(data)
        loc = draw(st.sampled_from(locs))
        op = draw(st.sampled_from(["rename", "remove", "move"]))
        if op == "rename":
            rules.append(Rename(id=f"r{i}", path=path(loc), target=path(loc[:-1] + ("renamed" + str(i),))))
        elif op == "remove":
            rules.append(Remove(id=f"r{i}", path=path(loc)))
        else:
            dests = [m for m in mappings(data) if m[: len(loc)] != loc]
            dest = draw(st.sampled_from(dests)) if dests else ()
            rules.append(Move(id=f"r{i}", path=path(loc), target=path(dest + ("moved" + str(i),))))
        data = reference.transform([json.loads(json.dumps(data))], tuple(rules[-1:]))[0]
        if not data:
            break
    return tuple(rules)


def check(engine: Any, load: Any, text: str, rules: tuple[Rule, ...]) -> str:
    result = engine.migrate("f", text, rules)
    assert not result.diagnostics, [d.render() for d in result.diagnostics]
    expected = reference.transform(load(text), rules)
    assert load(result.new_text) == expected
    again = engine.migrate("f", result.new_text, rules)
    assert again.new_text == result.new_text, "second run changed the file"
    return result.new_text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs, st.sampled_from([2, 4]), st.lists(st.booleans(), min_size=40, max_size=40), st.data())
def test_yaml_engine_matches_the_reference(data: dict, indent: int, comments: list[bool], draw: st.DataObject) -> None:
    notes: set[tuple] = set()
    text = to_yaml(data, indent, list(comments), notes)
    rules = draw.draw(rules_for(data))
    out = check(YAML_ENGINE, load_yaml, text, rules)
    expected = reference.transform([json.loads(json.dumps(data))], rules)[0]  # transform edits in place
    kept = {line.strip() for line in out.splitlines()}
    sources = [r.path.segments for r in rules]
    for loc in locations(data):
        value = _get(data, loc)
        untouched = not any(loc[: len(s)] == s for s in sources) and _get(expected, loc) == value
        if untouched and not isinstance(value, dict):
            line = f"{loc[-1]}: {json.dumps(value)}" + ("  # note" if loc in notes else "")
            assert line in kept, f"{line!r} lost (with its inline comment, if it had one)"


def _get(data: Any, loc: tuple) -> Any:
    try:
        for part in loc:
            data = data[part]
        return data
    except (KeyError, TypeError):
        return KeyError


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs, st.sampled_from([2, 4]), st.data())
def test_json_engine_matches_the_reference(data: dict, indent: int, draw: st.DataObject) -> None:
    text = json.dumps(data, indent=indent) + "\n"
    rules = draw.draw(rules_for(data))
    out = check(JSON_ENGINE, load_json, text, rules)
    json.loads(out)


renames_of = st.sampled_from(["**.alpha", "**.beta", "gamma", "*.delta", "**"])


@settings(max_examples=150, deadline=None)
@given(configs, st.lists(st.tuples(renames_of, keys, st.sampled_from(["error", "keep", "replace"])), min_size=1, max_size=3))
def test_renames_leave_the_data_they_are_given_as_it_was(data: dict, specs: list[tuple[str, str, str]]) -> None:
    """What the YAML engine's check counts on when the new text's data shares with the old
    (scalar_proof.data_before_and_after): a rename's reference copies what it changes."""
    data["eps"] = "${alpha}/${.beta}"  # interpolations that follow a renamed key are rewritten too
    rules = tuple(
        Rename(id=f"r{i}", path=KeyPath.parse(p), target=KeyPath.parse(t), on_conflict=c) for i, (p, t, c) in enumerate(specs)
    )
    assert reference.leaves_input(rules)
    given_data = [data]
    snapshot = json.dumps(given_data)
    with contextlib.suppress(KeyError):  # (a path the reference cannot follow: the engine refuses the file)
        reference.transform(given_data, rules)
    assert json.dumps(given_data) == snapshot


def test_other_operations_are_not_said_to_leave_their_input() -> None:
    assert not reference.leaves_input((Remove(id="r", path=KeyPath.parse("a")),))
    assert not reference.leaves_input(
        (
            Rename(id="a", path=KeyPath.parse("a"), target=KeyPath.parse("b")),
            Move(id="m", path=KeyPath.parse("b"), target=KeyPath.parse("c")),
        )
    )
