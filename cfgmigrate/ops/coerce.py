"""``coerce``: a value becomes a bool, int, float, str or a canonical dtype name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cfgmigrate.ops.base import Example, Operation, OperationDoc, Refused, Rule, not_reversible, notebook

COERCE_TYPES = ("bool", "int", "float", "str", "dtype")


@dataclass(frozen=True, kw_only=True)
class Coerce(Rule):
    """``coerce``: a value rewritten as the type ``coerce_to`` names (``"False"`` -> ``false``)."""

    op: ClassVar[str] = "coerce"
    coerce_to: str  # one of COERCE_TYPES


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

OPERATION = Operation("coerce", Coerce, not_reversible("coerce loses information"), DOC)
