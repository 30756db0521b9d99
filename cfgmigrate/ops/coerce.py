"""``coerce``: a value becomes a bool, int, float, str or a canonical dtype name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import Field, model_validator

from cfgmigrate.ops.base import CallsSpec, Example, Operation, OperationDoc, Refused, Rule, not_reversible, notebook, parse_path

COERCE_TYPES = ("bool", "int", "float", "str", "dtype")


class CoerceSpec(CallsSpec):
    coerce: str = Field(description="Key path (or keyword, with `calls`) whose value is converted to the type in `to`.")
    to: str | None = Field(None, description="bool | int | float | str | dtype.")

    @model_validator(mode="after")
    def _valid(self) -> CoerceSpec:
        if not self.to:
            raise ValueError("coerce needs `to`")
        if self.to not in COERCE_TYPES:
            from cfgmigrate.suggest import did_you_mean

            hint = did_you_mean(self.to, COERCE_TYPES)
            raise ValueError(f"coerce `to` must be one of {', '.join(COERCE_TYPES)}, not {self.to!r}{hint}")
        self.check_keyword(self.coerce)
        parse_path(self.coerce)
        return self


@dataclass(frozen=True, kw_only=True)
class Coerce(Rule):
    op: ClassVar[str] = "coerce"
    coerce_to: str  # one of COERCE_TYPES


def compile_rule(spec: CoerceSpec, common: dict[str, Any]) -> Coerce:
    return Coerce(**common, coerce_to=spec.to or "str")


CLASS = "from dataclasses import dataclass\n\n\n@dataclass\nclass ModelConfig:\n    batch_p2p_comm: {ann} = {value}\n"

REVISION_RULE = "- id: revision-str\n  coerce: revision\n  to: str\n  calls: ['*.from_pretrained']\n"

DOC = OperationDoc(
    summary="Converts a value to `bool`, `int`, `float`, `str` or `dtype`. Booleans accept "
    "true/false/yes/no/on/off/1/0 in any case, quoted or not; floats are written with a dot "
    "and a signed exponent (`1.0e-4`) so YAML 1.1 and 1.2 readers both read a float; dtypes "
    "are canonicalised (`bf16`, `torch.bfloat16` -> `bfloat16`). On a bound class it fixes "
    "the default's literal and the annotation.",
    refuses="a value that cannot be converted (`maybe` to bool): an error naming file, line and rule; the file is left as it was.",
    reverses="no: the original spelling is lost.",
    examples=(
        Example(
            "yaml",
            "- id: p2p-bool\n  coerce: '**.batch_p2p_comm'\n  to: bool\n",
            "model:\n  batch_p2p_comm: 'False'\n",
            "model:\n  batch_p2p_comm: false\n",
        ),
        Example(
            "yaml",
            "- id: p2p-bool\n  coerce: '**.batch_p2p_comm'\n  to: bool\n",
            "model:\n  batch_p2p_comm: false  # already a bool\n",
            "model:\n  batch_p2p_comm: false  # already a bool\n",
        ),
        Example(
            "json",
            "- id: lr-float\n  coerce: lr\n  to: float\n",
            '{"lr": "3e-4", "steps": 10}\n',
            '{"lr": 3e-4, "steps": 10}\n',
        ),
        Example("json", "- id: lr-float\n  coerce: lr\n  to: float\n", '{"lr": 0.0003}\n', '{"lr": 0.0003}\n'),
        Example(
            "python",
            "- id: p2p-bool\n  coerce: model.batch_p2p_comm\n  to: bool\n",
            CLASS.format(ann="str", value='"False"'),
            CLASS.format(ann="bool", value="False"),
            schema="model: example.py::ModelConfig\n",
        ),
        Example(
            "python",
            "- id: p2p-bool\n  coerce: model.batch_p2p_comm\n  to: bool\n",
            CLASS.format(ann="bool", value="False"),
            CLASS.format(ann="bool", value="False"),
            schema="model: example.py::ModelConfig\n",
        ),
        Example(
            "notebook",
            REVISION_RULE,
            notebook('tok = AutoTokenizer.from_pretrained("gpt2", revision=2)\n'),
            notebook('tok = AutoTokenizer.from_pretrained("gpt2", revision="2")\n'),
        ),
        Example(
            "notebook",
            REVISION_RULE,
            notebook('tok = AutoTokenizer.from_pretrained("gpt2", revision="2")\n', "revision = 2\n"),
            notebook('tok = AutoTokenizer.from_pretrained("gpt2", revision="2")\n', "revision = 2\n"),
        ),
        Example(
            "toml",
            "- id: p2p-bool\n  coerce: '**.batch_p2p_comm'\n  to: bool\n",
            '[model]\nbatch_p2p_comm = "False"  # a string\n',
            "[model]\nbatch_p2p_comm = false  # a string\n",
        ),
        Example(
            "toml",
            "- id: p2p-bool\n  coerce: '**.batch_p2p_comm'\n  to: bool\n",
            "[model]\nbatch_p2p_comm = false\n",
            "[model]\nbatch_p2p_comm = false\n",
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  coerce: seed\n  to: int\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot coerce one",
        ),
    ),
)

OPERATION = Operation("coerce", CoerceSpec, Coerce, compile_rule, not_reversible("coerce loses information"), DOC)
