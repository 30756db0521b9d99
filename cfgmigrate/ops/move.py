"""``move``: a key goes to a whole new key path, across nesting levels, with its comments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from cfgmigrate.ops.base import (
    Example,
    Operation,
    OperationDoc,
    Refused,
    SecondPath,
    lossy_setting,
)


@dataclass(frozen=True, kw_only=True)
class Move(SecondPath):
    """``move``: the key and its value go to another key path."""

    op: ClassVar[str] = "move"


def invert(rule: Move) -> Move | str:
    if not (rule.path.is_literal and rule.target.is_literal):
        return "only moves between literal key paths can be reversed"
    return lossy_setting(rule) or replace(rule, path=rule.target, target=rule.path)


RULE = "- id: seed-into-training\n  move: seed\n  to: training.seed\n"

DOC = OperationDoc(
    summary="Moves a key to a whole new key path, across nesting levels. The comments that belong to it "
    "(full-line comments directly above it, its inline comment) travel along; missing parent "
    "sections are created; a section the move leaves empty is removed. A `*` in the target "
    "reuses the segment the source's `*` captured. In Python code nothing moves: a move whose "
    "source or target is bound to a class in `schema:` is refused when the pack loads.",
    refuses="when the target exists with another value (see `on_conflict`), when the target's parent is "
    "not a mapping, when the key would move inside itself, and when its value is anchored and "
    "an alias still uses it.",
    reverses="yes, between literal key paths; refused with `when` or with `on_conflict: keep|replace`.",
    examples=(
        Example(
            "yaml",
            RULE,
            "out_dir: out\n# random seed\nseed: 42\ntraining:\n  max_iters: 5000\n",
            "out_dir: out\ntraining:\n  max_iters: 5000\n  # random seed\n  seed: 42\n",
        ),
        Example("yaml", RULE, "training:\n  seed: 42\n", "training:\n  seed: 42\n"),
        Example("json", RULE, '{"seed": 42, "training": {}}\n', '{"training": {"seed": 42}}\n'),
        Example("json", RULE, '{"training": {"seed": 42}}\n', '{"training": {"seed": 42}}\n'),
        Example(
            "toml",
            "- id: float8-under-quantize\n  move: float8\n  to: quantize.dense.float8\n",
            "[model]\ndim = 512\n\n[float8]  # fp8 training\nenable = true\n\n[float8.recipe]\nname = 'rowwise'\n",
            "[model]\ndim = 512\n\n[quantize.dense.float8]  # fp8 training\nenable = true\n\n"
            "[quantize.dense.float8.recipe]\nname = 'rowwise'\n",
        ),
        Example(  # a key that is not a [header] table: reported where it is, left (TOML moves only tables)
            "toml",
            RULE,
            "seed = 42\n\n[training]\nmax_iters = 5000\n",
            "seed = 42\n\n[training]\nmax_iters = 5000\n",
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  move: seed\n  to: training.seed\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot move one",
        ),
        Refused(
            ("python", "notebook"),
            "- id: seed-to-training\n  move: data.seed\n  to: training.seed\n",
            "pack.yaml:6: seed-to-training: the Python engine cannot move a field between classes bound in `schema:` "
            "(the field, its constructor keywords and key reads would stay behind); rename it within its class, "
            "or remove it there and add it here",
            schema="data: config.py::DataConfig\ntraining: config.py::TrainingConfig\n",
        ),
    ),
)

OPERATION = Operation("move", Move, invert, DOC)
