"""Every change carries its edits into the file as read, through rules and packs applied one after
another: applying them all once gives exactly the output (what SARIF fixes are made of)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefolders import invoke, tree, with_sarif_fixes
from cfgmigrate.edits import apply_changes, apply_edits, between, rebase
from cfgmigrate.types import Change, Edit, Status


def test_a_later_rule_editing_what_an_earlier_one_wrote_makes_one_edit_carried_by_the_earlier_change() -> None:
    first = [Change("a", 1, "renamed x to y", (Edit(0, 1, "y"),))]
    new = [Change("b", 1, "renamed y to z", (Edit(0, 1, "z"),)), Change("c", 2, "w", (Edit(5, 6, "v"),))]
    both = rebase("y: 1\nw: 2\n", first, new, "z: 1\nv: 2\n")
    assert [c.edits for c in both] == [(Edit(0, 1, "z"),), (), (Edit(5, 6, "v"),)]
    assert apply_changes("x: 1\nw: 2\n", both) == "z: 1\nv: 2\n"


def test_an_edit_after_a_longer_earlier_one_is_shifted_back_to_the_original_offsets() -> None:
    first = [Change("a", 1, "longer", (Edit(0, 1, "long"),))]  # "a b" -> "long b"
    both = rebase("long b", first, [Change("b", 1, "b", (Edit(5, 6, "B"),))], "long B")
    assert [c.edits for c in both] == [(Edit(0, 1, "long"),), (Edit(2, 3, "B"),)]


def test_edits_that_meet_end_to_start_stay_with_their_own_changes_unless_one_inserts() -> None:
    """Two pins on consecutive lines raised one after the other keep one fix each; an edit right
    after an insertion would start at the same point, so the two become one."""
    first = [Change("a", 1, "one", (Edit(0, 2, "A\n"),))]
    both = rebase("A\nb\n", first, [Change("b", 2, "two", (Edit(2, 4, "B\n"),))], "A\nB\n")
    assert [c.edits for c in both] == [(Edit(0, 2, "A\n"),), (Edit(2, 4, "B\n"),)]
    inserted = [Change("a", 1, "insert", (Edit(0, 0, "X\n"),))]
    both = rebase("X\nb\n", inserted, [Change("b", 2, "two", (Edit(2, 4, "B\n"),))], "X\nB\n")
    assert [c.edits for c in both] == [(Edit(0, 2, "X\nB\n"),), ()]


@st.composite
def steps(draw: st.DrawFn) -> tuple[str, list[tuple[list[list[Edit]], str]]]:
    """A text and up to four rule steps, each a few changes of non-overlapping edits into the text
    the step sees (drawn as cut points, so edits land anywhere: inside earlier edits, several
    inserts at one point), with the text the step's edits make, in the order the engine gave them."""
    text = draw(st.text("ab\n", max_size=12))
    current, out = text, []
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=8)))
        edits = [Edit(cuts[i], cuts[i + 1], draw(st.text("XYZ\n", max_size=3))) for i in range(0, len(cuts) - 1, 2)]
        owners = draw(st.lists(st.integers(0, 2), min_size=len(edits), max_size=len(edits)))
        current = apply_edits(current, edits)
        out.append(([[e for e, o in zip(edits, owners, strict=True) if o == k] for k in range(3)], current))
    return text, out


@settings(max_examples=300, deadline=None)
@given(steps())
def test_rebased_edits_applied_to_the_original_give_the_final_text(case: tuple[str, list[tuple[list[list[Edit]], str]]]) -> None:
    text, rule_steps = case
    current, held = text, []
    for k, (owned, after) in enumerate(rule_steps):
        held = rebase(current, held, [Change(f"r{k}", 1, "m", tuple(edits)) for edits in owned], after)
        current = after
    assert apply_changes(text, held) == current
    starts = [e.start for c in held for e in c.edits]
    assert len(starts) == len(set(starts)), "two edits at one point: their order would be lost"


PACK_ONE = """\
name: one
files: ['**/*.yaml', '**/*.py', '**/*.sh']
rules:
  - {id: x-to-y, rename: 'model.x', to: xy}
  - {id: y-to-z, rename: 'model.xy', to: xz}
  - {id: drop-old, remove: 'model.old'}
  - {id: kw, rename: torch_dtype, to: dtype, calls: ['*.from_pretrained'], programs: ['train.py']}
"""
PACK_TWO = """\
name: two
files: ['**/*.yaml']
rules:
  - {id: z-to-w, rename: 'model.xz', to: xw}
  - {id: lr, coerce: 'train.lr', to: float}
"""
FILES = {
    "a.yaml": "\ufeffmodel:\n  x: 1   # kept\n  old: 2\n  keep: 3\ntrain:\n  lr: 1\n",
    "b.yaml": "model: {x: 1, old: 2}",
    "load.py": "from transformers import AutoModel\n\nm = AutoModel.from_pretrained(\n    'x',\n    torch_dtype='auto',\n)\n",
    "run.sh": "python train.py --torch_dtype bf16 \\\n  --torch_dtype=fp16\n",
    "train.py": "import argparse\n",
}


def test_every_sarif_fix_of_a_run_applied_once_gives_exactly_what_apply_writes(tmp_path: Path) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "one.yaml").write_text(PACK_ONE)
    (tmp_path / "two.yaml").write_text(PACK_TWO)
    before = {k: v for k, v in tree(tmp_path).items() if k in FILES}
    args = ["apply", "-r", "one.yaml", "-r", "two.yaml", "--root", ".", *FILES]
    sarif = invoke([*args[:1], "--dry-run", "--format", "sarif", *args[1:]], tmp_path)
    log = json.loads(sarif.stdout)
    fixed = with_sarif_fixes(before, log)
    applied = invoke(args, tmp_path)
    assert applied.exit_code == 0, applied.output
    written = {k: v for k, v in tree(tmp_path).items() if k in FILES}
    assert fixed == written
    assert written["a.yaml"].decode() == "\ufeffmodel:\n  xw: 1   # kept\n  keep: 3\ntrain:\n  lr: 1.0\n"
    assert written["b.yaml"].decode() == "model: {xw: 1}"
    fixes = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): len(r.get("fixes", []))
        for r in log["runs"][0]["results"]
    }
    assert fixes == {
        ("x-to-y", "a.yaml"): 1,  # carries the chain x -> y -> z -> w: one edit
        ("y-to-z", "a.yaml"): 0,
        ("z-to-w", "a.yaml"): 0,
        ("drop-old", "a.yaml"): 1,
        ("lr", "a.yaml"): 1,
        ("x-to-y", "b.yaml"): 1,
        ("y-to-z", "b.yaml"): 0,
        ("z-to-w", "b.yaml"): 0,
        ("drop-old", "b.yaml"): 1,
        ("kw", "load.py"): 1,
        ("kw", "run.sh"): 1,
    }


def test_an_engine_whose_edits_do_not_give_its_output_fails_the_file_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cfgmigrate import api, engines
    from cfgmigrate.engines.base import EngineResult
    from cfgmigrate.pack import load_pack_text

    real = engines.engine_for("c.yaml")

    class Forgetful:  # reports its change without the edit that makes it
        name, suffixes, answers = real.name, real.suffixes, real.answers
        verdict, tokens, prepare = real.verdict, real.tokens, real.prepare

        def migrate(self, relpath: str, text: str, rules: tuple, context: object) -> EngineResult:
            done = real.migrate(relpath, text, rules, context)
            return EngineResult(done.new_text, tuple(replace(c, edits=()) for c in done.changes), done.diagnostics)

    monkeypatch.setattr(engines, "engine_for", lambda relpath: Forgetful())
    pack = load_pack_text("name: p\nrules:\n  - {id: r, rename: a, to: b}\n", "pack.yaml")
    settings = api.Settings(paths=(tmp_path,), packs=(pack,), root=tmp_path)
    [result] = api.plan_text(settings, "c.yaml", "a: 1\n").results
    assert (result.status, result.new_text, result.changes) == (Status.FAILED, "a: 1\n", ())
    assert [d.render() for d in result.diagnostics] == [
        "c.yaml: internal error in the yaml engine: its changes' edits do not give its output; left as it was"
    ]


LINES = st.sampled_from(["", "x = 1", "def f():", "    return torch_dtype", "    pass", "y = g(torch_dtype=t)", "# c"])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=40), st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40), LINES), max_size=5))
def test_between_gives_edits_that_make_the_new_text(lines: list[str], changes: list[tuple[int, int, str]]) -> None:
    """A reprinted text (lines replaced, inserted, removed anywhere, many of them alike) is reached by
    applying the edits `between` finds, with only the lines both texts start and end with set aside."""
    old = [line + "\n" for line in lines]
    new = list(old)
    for kind, at, line in changes:
        at = min(at, len(new))
        if kind == 0 and at < len(new):
            new[at] = line.replace("torch_dtype", "dtype") + "\n"
        elif kind == 1:
            new.insert(at, line + "\n")
        elif at < len(new):
            del new[at]
    assert apply_edits("".join(old), between("".join(old), "".join(new))) == "".join(new)


def test_between_a_long_file_with_one_keyword_renamed_is_one_edit_of_the_keyword() -> None:
    body = "".join(f"def f{i}(x):\n    return x\n\n" for i in range(3000))
    old = body + "model = load(path, torch_dtype=dtype)\n" + body
    new = old.replace("torch_dtype=", "dtype=")
    start = old.index("torch_dtype")
    assert between(old, new) == [Edit(start, start + len("torch_"), "")]
    assert between(old, old) == []
