"""``add``: a field (or keyword, or config key) with a default, where it is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cfgmigrate.ops.base import Example, Operation, OperationDoc, Refused, Rule, not_reversible, notebook


@dataclass(frozen=True, kw_only=True)
class Add(Rule):
    """``add``: a field (with its annotation and default) added to a bound class, or a keyword to calls that lack it."""

    op: ClassVar[str] = "add"
    value: Any = None
    annotation: str | None = None
    configs: bool = False
    expr: str | None = None  # the value as an expression over names in scope (call keywords only)
    has_default: bool = True  # without one, a call where `expr` cannot be written is reported (or skipped)
    unbound: str = "report"

    def literal_tokens(self) -> tuple[str, ...]:
        """In config files the key is absent by definition: look for its parent section."""
        path = self.path.parent if self.configs and not self.calls else self.path
        names = path.literal_names()
        return (names[-1],) if names else ()


EXPR_RULE = (
    "- id: computed-dtype\n  add: dtype\n  expr: compute_dtype\n  default: bfloat16\n"
    "  calls: ['transformers.*.from_pretrained']\n  unless: {keyword: {trust_remote_code: true}}\n"
)
LOAD = "from transformers import AutoModel\n\n\ndef load(path{params}):\n    return AutoModel.from_pretrained(path{kw})\n"
RULE = "- id: data-num-workers\n  add: data.num_workers\n  type: int\n  default: 4\n  configs: true\n"
CLASS = "from dataclasses import dataclass\n\n\n@dataclass\nclass DataConfig:\n    dataset: str = 'owt'\n"

DTYPE_RULE = "- id: explicit-dtype\n  add: dtype\n  default: bfloat16\n  calls: ['*.from_pretrained']\n"

DOC = OperationDoc(
    summary="Adds a field with its annotation (`type`) and `default` to a bound class, in a legal "
    "position; with `calls:` adds a keyword where a call lacks it (never into a call that "
    "splats `**kwargs`), its value either `default` or `expr`, an expression over names bound at the call "
    "(`dtype=compute_dtype` where the script computes it; `default` where a name is not bound; reported "
    "without a `default`); with `configs: true` also writes the key into config files whose "
    "parent section exists and lacks it.",
    refuses="nothing in config files unless `configs: true`; a call that splats `**kwargs` is reported, not changed; "
    "a rule that no engine would carry out (no `configs: true`, no `calls`, no `schema:` binding) when the pack loads.",
    reverses="no.",
    examples=(
        Example("yaml", RULE, "data:\n  dataset: owt\n", "data:\n  dataset: owt\n  num_workers: 4\n"),
        Example("yaml", RULE, "data:\n  num_workers: 2\n", "data:\n  num_workers: 2\n"),
        Example("json", RULE, '{"data": {"dataset": "owt"}}\n', '{"data": {"dataset": "owt", "num_workers": 4}}\n'),
        Example("json", RULE, '{"data": {"num_workers": 2}}\n', '{"data": {"num_workers": 2}}\n'),
        Example("python", RULE, CLASS, CLASS + "    num_workers: int = 4\n", schema="data: example.py::DataConfig\n"),
        Example(
            "python",
            RULE,
            CLASS + "    num_workers: int = 2\n",
            CLASS + "    num_workers: int = 2\n",
            schema="data: example.py::DataConfig\n",
        ),
        Example(
            "python",
            EXPR_RULE,
            LOAD.format(params=", compute_dtype", kw=""),
            LOAD.format(params=", compute_dtype", kw=", dtype=compute_dtype"),
        ),
        Example("python", EXPR_RULE, LOAD.format(params="", kw=""), LOAD.format(params="", kw=', dtype="bfloat16"')),
        Example(
            "python",
            EXPR_RULE,
            LOAD.format(params="", kw=", trust_remote_code=True"),
            LOAD.format(params="", kw=", trust_remote_code=True"),
        ),
        Example(
            "notebook",
            DTYPE_RULE,
            notebook('m = AutoModel.from_pretrained("gpt2")\n'),
            notebook('m = AutoModel.from_pretrained("gpt2", dtype="bfloat16")\n'),
        ),
        Example(
            "notebook",
            DTYPE_RULE,
            notebook('m = AutoModel.from_pretrained("gpt2", dtype="float32")\n'),
            notebook('m = AutoModel.from_pretrained("gpt2", dtype="float32")\n'),
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  add: seed\n  default: 1\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot add one",
        ),
        Refused(
            ("toml",),
            "- id: data-num-workers\n  add: data.num_workers\n  default: 4\n  configs: true\n  files: ['**/*.toml']\n",
            "pack.yaml:3: data-num-workers: the TOML engine cannot add keys (yet); leave .toml files out of this rule's `files`",
        ),
    ),
)

OPERATION = Operation("add", Add, not_reversible("add loses information"), DOC)
