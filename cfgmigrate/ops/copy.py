"""``copy``: the value at a key path is copied to a second key path; the source stays
(OpenRewrite's CopyValue)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cfgmigrate.ops.base import (
    Example,
    Operation,
    OperationDoc,
    Refused,
    SecondPath,
    not_reversible,
)


@dataclass(frozen=True, kw_only=True)
class Copy(SecondPath):
    """``copy``: the value is written to a second key path too; the first keeps it."""

    op: ClassVar[str] = "copy"


RULE = "- id: scheduler-lr\n  copy: training.lr\n  to: scheduler.lr\n"

DOC = OperationDoc(
    summary="Copies a value to a second key path; the source stays. Missing parent sections of the target "
    "are created, and the copy takes the source's owned comments along. A `*` in the target reuses "
    "the segment the source's `*` captured.",
    refuses="when the target exists with another value (`on_conflict: error`, the default); `keep` leaves "
    "the target as it is, `replace` overwrites it. The same value at both places is no conflict. "
    "In Python code a copy into or out of a class bound in `schema:` is refused when the pack loads "
    "(the target class would need a new field: add it with `add`).",
    reverses="no: a copy cannot tell a target it wrote from one that was already there.",
    examples=(
        Example(
            "yaml",
            RULE,
            "training:\n  lr: 3.0e-4  # peak\nscheduler:\n  warmup: 100\n",
            "training:\n  lr: 3.0e-4  # peak\nscheduler:\n  warmup: 100\n  lr: 3.0e-4  # peak\n",
        ),
        Example(
            "yaml",
            RULE,
            "training:\n  lr: 3.0e-4\nscheduler:\n  lr: 3.0e-4\n",
            "training:\n  lr: 3.0e-4\nscheduler:\n  lr: 3.0e-4\n",
        ),
        Example("json", RULE, '{"training": {"lr": 0.1}}\n', '{"training": {"lr": 0.1}, "scheduler": {"lr": 0.1}}\n'),
        Example("json", RULE, '{"scheduler": {"lr": 0.1}}\n', '{"scheduler": {"lr": 0.1}}\n'),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  copy: seed\n  to: training.seed\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot copy one",
        ),
        Refused(
            ("python", "notebook"),
            RULE,
            "pack.yaml:6: scheduler-lr: the Python engine cannot copy a field into or out of a class bound in "
            "`schema:` (the target class would need a new field); add it there with `add`",
            schema="training: config.py::TrainingConfig\nscheduler: config.py::SchedulerConfig\n",
        ),
        Refused(
            ("toml",),
            "- id: seed-to-training\n  copy: data.seed\n  to: training.seed\n  files: ['**/*.toml']\n",
            "pack.yaml:3: seed-to-training: the TOML engine cannot copy keys (yet); leave .toml files out of this rule's `files`",
        ),
    ),
)

OPERATION = Operation(
    "copy",
    Copy,
    not_reversible("copy cannot tell a target it wrote from one that was already there"),
    DOC,
)
