"""The cases that used to pass silently (issue #15) are refused before any file is touched,
naming the pack file, line and rule."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main

CLASSES = """from dataclasses import dataclass


@dataclass
class DataConfig:
    seed: int = 0


@dataclass
class TrainingConfig:
    lr: float = 0.1
"""


def apply(root: Path, pack: str, *args: str):  # type: ignore[no-untyped-def]
    (root / "pack.yaml").write_text(pack)
    old = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["apply", "-r", "pack.yaml", *args, "."])
    finally:
        os.chdir(old)


def test_move_between_bound_classes_is_refused_at_load(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text(CLASSES)
    (tmp_path / "run.yaml").write_text("data:\n  seed: 1\ntraining:\n  lr: 0.1\n")
    pack = (
        "name: p\nschema:\n  data: config.py::DataConfig\n  training: config.py::TrainingConfig\n"
        "rules:\n  - id: seed-to-training\n    move: data.seed\n    to: training.seed\n"
    )
    r = apply(tmp_path, pack)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        "pack.yaml:6: seed-to-training: the Python engine cannot move a field between classes bound in `schema:` "
        "(the field, its constructor keywords and key reads would stay behind); rename it within its class, "
        "or remove it there and add it here\n"
    )
    assert (tmp_path / "run.yaml").read_text() == "data:\n  seed: 1\ntraining:\n  lr: 0.1\n"
    assert (tmp_path / "config.py").read_text() == CLASSES


def test_a_move_between_unbound_sections_still_moves(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text("data:\n  seed: 1\ntraining:\n  lr: 0.1\n")
    r = apply(tmp_path, "name: p\nrules:\n  - id: seed\n    move: data.seed\n    to: training.seed\n")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "run.yaml").read_text() == "training:\n  lr: 0.1\n  seed: 1\n"


def test_set_default_without_a_bound_class_is_refused_at_load(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text("evaluator:\n  eval_only: true\n")
    r = apply(tmp_path, "name: p\nrules:\n  - id: eval-only\n    set_default: evaluator.eval_only\n    value: false\n")
    assert r.exit_code == 2
    assert r.stderr == (
        "pack.yaml:3: eval-only: no engine would carry out this rule (yaml, json, toml: config files hold explicit values, "
        "not defaults; python: no class in `schema:` holds evaluator.eval_only, and the rule has no `calls:` or `receivers:`; "
        "shell, markdown, makefile, rst: the rule names no `programs:` (the CLI-flag form); "
        "notebook: a default lives in the class's definition, in a .py file)\n"
    )


def test_reverse_of_map_with_otherwise_remove_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text("model:\n  attn: xformers\n")
    pack = "name: p\nrules:\n  - id: attn\n    map: model.attn\n    values: {flash: flash_attention_2}\n    otherwise: remove\n"
    assert apply(tmp_path, pack).exit_code == 0
    assert (tmp_path / "run.yaml").read_text() == "{}\n"
    r = apply(tmp_path, pack, "--reverse")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        "pack.yaml:3: attn: cannot be reversed: `otherwise: remove` deletes the values that `values` does not list, "
        "which the inverse cannot bring back\n"
    )


def test_reverse_of_on_conflict_keep_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text("a:\n  old: 1\n  new: 2\n")
    pack = "name: p\nrules:\n  - id: r\n    rename: a.old\n    to: new\n    on_conflict: keep\n"
    assert apply(tmp_path, pack).exit_code == 0
    assert (tmp_path / "run.yaml").read_text() == "a:\n  new: 2\n"
    r = apply(tmp_path, pack, "--reverse")
    assert r.stderr == (
        "pack.yaml:3: r: cannot be reversed: `on_conflict: keep` drops one of two values, which the inverse cannot bring back\n"
    )
    assert (tmp_path / "run.yaml").read_text() == "a:\n  new: 2\n"


def test_an_option_of_another_operation_is_an_unknown_key(tmp_path: Path) -> None:
    r = apply(tmp_path, "name: p\nrules:\n  - id: r\n    rename: a.b\n    to: c\n    otherwise: remove\n")
    assert (r.exit_code, r.stderr) == (
        2,
        "pack.yaml:6: r: unknown key `otherwise` for rename (it takes: when, files, programs, receivers, versions, description, calls, unless, requires, unresolved, to, on_conflict, access, parsers)\n",
    )


def test_copy_through_the_cli_keeps_the_source_and_does_not_reverse(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text("training:\n  lr: 0.1  # peak\n")
    pack = "name: p\nrules:\n  - id: lr\n    copy: training.lr\n    to: scheduler.lr\n"
    r = apply(tmp_path, pack, "--dry-run")
    assert r.stdout == (
        "diff --git a/run.yaml b/run.yaml\n--- a/run.yaml\n+++ b/run.yaml\n@@ -1,2 +1,4 @@\n"
        " training:\n   lr: 0.1  # peak\n+scheduler:\n+  lr: 0.1  # peak\n"
    )
    assert apply(tmp_path, pack).exit_code == 0
    assert (tmp_path / "run.yaml").read_text() == "training:\n  lr: 0.1  # peak\nscheduler:\n  lr: 0.1  # peak\n"
    r = apply(tmp_path, pack, "--reverse")
    assert (r.exit_code, r.stderr) == (
        2,
        "pack.yaml:3: lr: cannot be reversed: copy cannot tell a target it wrote from one that was already there\n",
    )
