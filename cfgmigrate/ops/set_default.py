"""``set_default``: the default of a bound class field becomes ``value``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cfgmigrate.ops.base import Example, Operation, OperationDoc, Refused, Rule, not_reversible


@dataclass(frozen=True, kw_only=True)
class SetDefault(Rule):
    """``set_default``: gives a bound class field a default (config files keep their explicit values)."""

    op: ClassVar[str] = "set_default"
    value: Any = None


RULE = "- id: eval-only-default\n  set_default: evaluator.eval_only\n  value: false\n"
CLASS = "from dataclasses import dataclass\n\n\n@dataclass\nclass EvaluatorConfig:\n    eval_only: bool{default}\n"

DOC = OperationDoc(
    summary="Sets the default of a bound class field. Config files are not touched: they hold explicit "
    "values, and a default is the class's business.",
    refuses="when the field would get a default before a required field (unless the class is `kw_only`); "
    "when no `schema:` binding names the field's class, the pack is refused when it loads "
    "(the rule would do nothing anywhere).",
    reverses="no.",
    examples=(
        Example(
            "python",
            RULE,
            CLASS.format(default=""),
            CLASS.format(default=" = False"),
            schema="evaluator: example.py::EvaluatorConfig\n",
        ),
        Example(
            "python",
            RULE,
            CLASS.format(default=" = False"),
            CLASS.format(default=" = False"),
            schema="evaluator: example.py::EvaluatorConfig\n",
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  set_default: seed\n  value: 1\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot set default one",
        ),
        Refused(
            ("yaml", "json", "toml", "notebook", "markdown", "makefile", "rst"),
            RULE,
            "pack.yaml:3: eval-only-default: no engine would carry out this rule (yaml, json, toml: config files hold "
            "explicit values, not defaults; python: no class in `schema:` holds evaluator.eval_only, and the rule has no `calls:` or `receivers:`; "
            "shell, markdown, makefile, rst: the rule names no `programs:` (the CLI-flag form); "
            "notebook: a default lives in the class's definition, in a .py file)",
        ),
    ),
)

OPERATION = Operation("set_default", SetDefault, not_reversible("set_default loses information"), DOC)
