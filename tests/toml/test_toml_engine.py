"""The TOML engine on strings: what it edits, what it leaves, what it refuses, and where it says so."""

from __future__ import annotations

import json
from pathlib import Path

from casefolders import invoke
from cfgmigrate.engines.base import Context
from cfgmigrate.engines.toml import ENGINE
from cfgmigrate.pack import load_pack_text


def run(rules: str, text: str, relpath: str = "train.toml"):  # type: ignore[no-untyped-def]
    pack = load_pack_text(f"name: t\nrules:\n{rules}", "pack.yaml")
    return ENGINE.migrate(relpath, text, pack.rules, Context("/tmp", pack, None))


RENAME = "  - id: ds\n    rename: '**.dataset_name'\n    to: dataset\n"


def test_every_place_a_key_is_written_is_renamed_and_nothing_else_changes() -> None:
    text = (
        "# run\n[data]\ndataset_name = 'owt'  # hub id\n\n[model]\nopts.dataset_name = 1\n"
        'inline = {dataset_name = "c4", x = 1}\n\n[[eval]]\ndataset_name = "wiki"\n'
    )
    result = run(RENAME, text)
    assert result.new_text == text.replace("dataset_name", "dataset")
    assert [(c.line, c.message) for c in result.changes] == [
        (3, "renamed data.dataset_name to dataset"),
        (6, "renamed model.opts.dataset_name to dataset"),
        (7, "renamed model.inline.dataset_name to dataset"),
        (10, "renamed eval.0.dataset_name to dataset"),
    ]


def test_in_pyproject_only_the_tool_tables_are_configs() -> None:
    text = '[project]\nname = "x"\n[project.entry-points.x]\ndataset_name = "m:f"\n\n[tool.t]\ndataset_name = "owt"\n'
    result = run(RENAME, text, "pyproject.toml")
    assert result.new_text == text.replace('dataset_name = "owt"', 'dataset = "owt"')


def test_a_conflict_is_an_error_and_the_same_value_is_none() -> None:
    clash = run(RENAME, '[data]\ndataset_name = "a"\ndataset = "b"\n')
    assert [d.render() for d in clash.diagnostics] == [
        "train.toml:2: ds: cannot rename data.dataset_name to dataset: data.dataset is already set; left as it was"
    ]
    same = run(RENAME, '[data]\ndataset_name = "a"\ndataset = "a"\n')
    assert same.new_text == '[data]\ndataset = "a"\n'
    assert [c.message for c in same.changes] == ["dropped data.dataset_name: data.dataset already set"]


def test_a_value_toml_cannot_hold_is_refused() -> None:
    rule = "  - id: fa\n    map: '**.flash'\n    values: {true: null}\n"
    result = run(rule, "[m]\nflash = true\n")
    assert [d.render() for d in result.diagnostics] == [
        "train.toml:2: fa: cannot write m.flash as null: TOML has no null; left as it was"
    ]
    assert result.new_text == "[m]\nflash = true\n"


def test_when_limits_the_values_and_coercion_keeps_the_comment() -> None:
    rule = "  - id: lr\n    coerce: '**.lr'\n    to: float\n    when: ['0.5']\n"
    text = '[a]\nlr = "0.5"  # old\n[b]\nlr = "1"\n'
    assert run(rule, text).new_text == '[a]\nlr = 0.5  # old\n[b]\nlr = "1"\n'


def test_a_file_that_is_not_toml_is_an_error_with_its_line() -> None:
    result = run(RENAME, "[data]\ndataset_name = \n")
    assert [d.render() for d in result.diagnostics] == [
        "train.toml:2: cannot parse as TOML: Unexpected character: '\\n' at line 2 col 15; left as it was"
    ]


def test_the_cli_reports_each_change_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(f"name: t\nfiles: ['**/*.toml']\nrules:\n{RENAME}")
    (tmp_path / "train.toml").write_text('[data]\ndataset_name = "owt"\n')
    r = invoke(["apply", "--dry-run", "--format", "json", "-r", "pack.yaml", "train.toml"], tmp_path)
    assert r.exit_code == 0
    [changed] = json.loads(r.stdout)["files"]
    assert [(c["rule"], c["line"], c["message"]) for c in changed["changes"]] == [
        ("ds", 2, "renamed data.dataset_name to dataset")
    ]
    r = invoke(["apply", "-r", "pack.yaml", "train.toml"], tmp_path)
    assert (tmp_path / "train.toml").read_text() == '[data]\ndataset = "owt"\n'
    assert r.stderr == "cfgmigrate: 1 files scanned, 1 parsed, 1 changed (1 changes), 0 errors, 0 warnings\n"


def test_a_tools_own_file_is_never_a_config() -> None:
    text = '[package]\ndataset_name = "x"\n'
    assert run(RENAME, text, "crates/a/Cargo.toml").new_text == text
    assert run(RENAME, text, "configs/run.toml").new_text == text.replace("dataset_name", "dataset")
