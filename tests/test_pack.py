"""Rule-pack validation: every problem as `pack.yaml:LINE: rule-id: message`, exit 2, nothing touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfgmigrate.cli import main
from cfgmigrate.pack import PackError, json_schema, load_pack_text

SCHEMA_FILE = Path(__file__).parents[1] / "cfgmigrate" / "rule-pack.schema.json"


def problems(text: str) -> list[str]:
    with pytest.raises(PackError) as e:
        load_pack_text(text, "pack.yaml")
    return [d.render() for d in e.value.diagnostics]


def test_unknown_operation() -> None:
    text = "name: p\nrules:\n  - id: r1\n    rname: a.b\n    to: c\n"
    assert problems(text) == [
        "pack.yaml:4: r1: unknown key `rname` (did you mean `rename`?)",
    ]
    text = "name: p\nrules:\n  - id: r1\n    frobnicate: a.b\n    to: c\n"
    assert problems(text) == [
        "pack.yaml:4: r1: unknown key `frobnicate` (operations are: rename, move, coerce, add, set_default, remove, map, copy, rename_symbol)",
    ]


def test_a_mistyped_option_key_or_type_gets_the_closest_name() -> None:
    text = "name: p\nrules:\n  - id: r1\n    rename: a.b\n    too: c\n  - id: r2\n    coerce: a\n    to: boo\n"
    assert problems(text) == [
        "pack.yaml:5: r1: unknown key `too` for rename (did you mean `to`?)",
        "pack.yaml:6: r2: coerce `to` must be one of bool, int, float, str, dtype, not 'boo' (did you mean `bool`?)",
    ]
    assert problems("name: p\nrulez: []\n") == [
        "pack.yaml:1: missing required `rules`",
        "pack.yaml:2: unknown key `rulez` (did you mean `rules`?)",
    ]


def test_no_operation() -> None:
    assert problems("name: p\nrules:\n  - id: r1\n    to: c\n") == [
        "pack.yaml:3: r1: no operation: give exactly one of rename, move, coerce, add, set_default, remove, map, copy, rename_symbol"
    ]


def test_two_operations_missing_to_and_duplicate_ids() -> None:
    text = "name: p\nrules:\n  - id: a\n    rename: x.y\n    remove: x.y\n  - id: b\n    move: x\n  - id: b\n    remove: z\n"
    assert problems(text) == [
        "pack.yaml:3: a: two operations in one rule (rename and remove): split it into two rules",
        "pack.yaml:6: b: move needs `to`",
    ]


def test_duplicate_ids_and_bad_globs() -> None:
    text = "name: p\nfiles: ['/etc/*.yaml']\nrules:\n  - id: b\n    remove: z\n  - id: b\n    remove: y\n    files: ['../x']\n"
    assert problems(text) == [
        "pack.yaml:2: bad glob '/etc/*.yaml': globs are relative to the project root",
        "pack.yaml:6: b: duplicate rule id (first used on line 4)",
        "pack.yaml:8: b: bad glob '../x': '..' leaves the project root",
    ]


def test_bad_key_path_and_coerce_type() -> None:
    text = "name: p\nrules:\n  - id: k\n    rename: a..b\n    to: c\n  - id: t\n    coerce: a\n    to: list\n"
    assert problems(text) == [
        "pack.yaml:3: k: bad key path: empty segment in key path 'a..b'",
        "pack.yaml:6: t: coerce `to` must be one of bool, int, float, str, dtype, not 'list'",
    ]


def test_yaml_syntax_error_and_bad_name() -> None:
    assert problems("name: p\nrules: [\n") == [
        "pack.yaml:3: YAML syntax error: expected the node content, but found '<stream end>'"
    ]
    assert problems("name: Bad_Name\nrules: []\n")[0].startswith("pack.yaml:1: `name`: String should match pattern")


def test_rules_check_cli(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("name: good\nrules:\n  - id: r\n    rename: a.b\n    to: c\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nrules:\n  - id: r\n    rename: a.b\n")
    r = CliRunner().invoke(main, ["rules", "check", str(good), str(bad)])
    assert r.exit_code == 2
    assert r.stdout == f"{good}: ok (1 rules)\n"
    assert r.stderr == f"{bad}:3: r: rename needs `to`\n"


def test_apply_refuses_a_bad_pack_before_touching_files(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("a:\n  b: 1\n")
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: p\nrules:\n  - id: ok\n    rename: a.b\n    to: c\n  - id: broken\n    rename: a.b\n")
    r = CliRunner().invoke(main, ["apply", "-r", str(pack), str(tmp_path)])
    assert r.exit_code == 2
    assert r.stderr == f"{pack}:6: broken: rename needs `to`\n"
    assert (tmp_path / "x.yaml").read_text() == "a:\n  b: 1\n"


def test_committed_schema_matches_the_models() -> None:
    """Regenerate with: cfgmigrate rules schema > cfgmigrate/rule-pack.schema.json"""
    assert json.loads(SCHEMA_FILE.read_text()) == json_schema()


def test_schema_cli_prints_the_schema() -> None:
    r = CliRunner().invoke(main, ["rules", "schema"])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == json_schema()


def test_a_class_defined_in_a_notebook_is_refused_as_a_schema_target() -> None:
    text = "name: p\nschema:\n  train: train.ipynb::TrainConfig\nrules:\n  - id: r\n    rename: train.lr\n    to: learning_rate\n"
    assert problems(text) == [
        "pack.yaml:2: `schema`: schema 'train': 'train.ipynb::TrainConfig': a class defined in a notebook is not a "
        "`schema:` target (yet); move it into a .py file that the notebook imports"
    ]


def test_schema_paths_outside_the_root_are_refused() -> None:
    """Like `files` globs: a pack must not make cfgmigrate read classes from outside the project."""
    text = "name: p\nschema:\n  model: {ref}\nrules:\n  - id: r\n    rename: model.a\n    to: b\n"
    assert problems(text.format(ref="../outside/evil.py::Cfg")) == [
        "pack.yaml:2: `schema`: schema 'model': '../outside/evil.py::Cfg': '..' leaves the project root"
    ]
    assert problems(text.format(ref="/abs/evil.py::Cfg")) == [
        "pack.yaml:2: `schema`: schema 'model': '/abs/evil.py::Cfg': paths are relative to the project root"
    ]
