"""``rename``: the last segment of a key path (or a keyword) gets a new name, in place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    Example,
    Operation,
    OperationDoc,
    Rule,
    lossy_setting,
    notebook,
)

RECEIVER = "{receiver}"


def template_source(template: str, receiver: str) -> str:
    """The template with the receiver's source in place of ``{receiver}`` (no other field is named)."""
    return template.replace(RECEIVER, receiver)


@dataclass(frozen=True, kw_only=True)
class Rename(Rule):
    """``rename``: the last segment of a key path (or a keyword, an option, an attribute) gets a new name."""

    op: ClassVar[str] = "rename"
    target: KeyPath  # the whole new path: ``path`` with its last segment replaced
    on_conflict: str = "error"
    access: tuple[str, ...] = ("keys",)
    expression: str = ""  # with ``receivers``: the template of the new expression (``{receiver}.x["y"]``)
    parsers: tuple[str, ...] = ()  # the argparse-option form: programs whose add_argument("--old") is renamed
    # Set per run (cfgmigrate/option_flags.py), not in a pack: the new flag where the old one has no
    # separator (``--lang`` -> ``--keep-lang``, as its program spells it); the functions of other files
    # whose parameter gets the option (``pkg.mod.add_args:0:dest:--model-path``), and the files that pass them their parser.
    new_flag: str = ""
    helpers: tuple[str, ...] = ()
    consumers: tuple[str, ...] = ()
    safe_callees: tuple[str, ...] = ()  # project functions given a parser that spell neither the old nor the new option
    held: tuple[str, ...] = ()  # ``relpath|helper``: a file whose call of a helper cannot be followed (it reports why)

    @property
    def is_code_rule(self) -> bool:
        return bool(self.calls or self.receivers or self.parsers)

    def destination(self) -> KeyPath:
        return self.target


def invert(rule: Rename) -> Rename | str:
    if rule.expression:
        return "an expression template cannot be turned back into an attribute name"
    return lossy_setting(rule) or replace(rule, path=rule.target, target=rule.path)


CLASS_FILE = """from dataclasses import dataclass


@dataclass
class DataConfig:
    {field}: str = "owt"


cfg = DataConfig({field}="c4")
row: dict[str, str] = {{}}
print(row.get("{field}"))
"""

RECEIVERS_RULE = (
    "- id: rope-theta-read\n  rename: rope_theta\n"
    "  to: '{receiver}.rope_parameters[\"rope_theta\"]'\n  receivers: [transformers.*Config]\n"
)
OPTION_RULE = "- id: model-path-option\n  rename: model_path\n  to: model_name_or_path\n  parsers: ['*']\n"
DTYPE_RULE = "- id: torch-dtype\n  rename: torch_dtype\n  to: dtype\n  calls: ['*.from_pretrained']\n"

DOC = OperationDoc(
    summary="Gives the last segment of a key path a new name, in place: its value, comments, quotes and "
    "position stay. With `calls:` it renames a keyword argument at matching call sites; with a "
    "`schema:` binding it renames the class field, the keywords that construct the class and "
    "the string-key accesses in the pack's Python files, and the attribute reads of its instances. With "
    "`receivers:` it renames the attribute `x.NAME` of objects of a known type (`config.torch_dtype` -> "
    "`config.dtype`), or rewrites the read into the template `to` names (`{receiver}.rope_parameters[...]`). "
    'With `parsers:` it renames an argparse option, `add_argument("--model-path")`, with the reads of its dest '
    "(`args.model_path`) in the file, and the `--model-path` flags passed to that program in scripts and docs. "
    "Interpolations `${...}` that pointed at the key follow it.",
    refuses="when the new name already exists with another value (`on_conflict: error`, the default); "
    "`keep` drops the old key, `replace` drops the existing one. The same value at both places "
    "is no conflict.",
    reverses="yes: the inverse renames the new name back; refused with `when` or with `on_conflict: keep|replace`.",
    examples=(
        Example(
            "shell",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "torchrun --nproc_per_node=2 train.py \\\n    --evaluation_strategy steps\n",
            "torchrun --nproc_per_node=2 train.py \\\n    --eval_strategy steps\n",
        ),
        Example(
            "shell",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "python report.py --evaluation_strategy steps  # another program's flag\n",
            "python report.py --evaluation_strategy steps  # another program's flag\n",
        ),
        Example(
            "python",
            OPTION_RULE,
            'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("-m", "--model-path")\n'
            "args = parser.parse_args()\nprint(args.model_path)\n",
            'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("-m", "--model-name-or-path")\n'
            "args = parser.parse_args()\nprint(args.model_name_or_path)\n",
        ),
        Example(
            "python",
            OPTION_RULE,
            'FLAGS = ["--model-path"]  # a list of strings, no argparse option\n',
            'FLAGS = ["--model-path"]  # a list of strings, no argparse option\n',
        ),
        Example(
            "yaml",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            "data:\n  dataset_name: openwebtext  # HF hub id\n",
            "data:\n  dataset: openwebtext  # HF hub id\n",
        ),
        Example(
            "yaml",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            "eval:\n  dataset_name: openwebtext\n",
            "eval:\n  dataset_name: openwebtext\n",
        ),
        Example(
            "json",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            '{"data": {"dataset_name": "owt", "seed": 1}}\n',
            '{"data": {"dataset": "owt", "seed": 1}}\n',
        ),
        Example(
            "json",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            '{"eval": {"dataset_name": "owt"}}\n',
            '{"eval": {"dataset_name": "owt"}}\n',
        ),
        Example(
            "python",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            CLASS_FILE.format(field="dataset_name"),
            CLASS_FILE.format(field="dataset"),
            schema="data: example.py::DataConfig\n",
        ),
        Example(
            "python",
            RECEIVERS_RULE,
            "from transformers import AutoConfig\n\nconfig = AutoConfig.from_pretrained('m')\nprint(config.rope_theta)\n",
            "from transformers import AutoConfig\n\nconfig = AutoConfig.from_pretrained('m')\n"
            'print(config.rope_parameters["rope_theta"])\n',
        ),
        Example(
            "python",
            RECEIVERS_RULE,
            "def f(args):\n    return args.rope_theta  # args is not a transformers config\n",
            "def f(args):\n    return args.rope_theta  # args is not a transformers config\n",
        ),
        Example(
            "python",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            "dataset_name = 'owt'\nprint(dataset_name)\n",
            "dataset_name = 'owt'\nprint(dataset_name)\n",
            schema="data: example.py::DataConfig\n",
        ),
        Example(
            "notebook",
            DTYPE_RULE,
            notebook('from transformers import AutoModel\n\nm = AutoModel.from_pretrained("gpt2", torch_dtype="auto")\n'),
            notebook('from transformers import AutoModel\n\nm = AutoModel.from_pretrained("gpt2", dtype="auto")\n'),
        ),
        Example(
            "notebook",
            DTYPE_RULE,
            notebook('# md\nPass `torch_dtype="auto"` to `from_pretrained`.', 'print("torch_dtype")\n'),
            notebook('# md\nPass `torch_dtype="auto"` to `from_pretrained`.', 'print("torch_dtype")\n'),
        ),
        Example(
            "markdown",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "Train:\n\n```bash\ntorchrun --nproc_per_node=2 train.py \\\n    --evaluation_strategy steps\n```\n",
            "Train:\n\n```bash\ntorchrun --nproc_per_node=2 train.py \\\n    --eval_strategy steps\n```\n",
        ),
        Example(
            "markdown",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "Pass `--evaluation_strategy` to train.py.\n\n```bash\npython report.py --evaluation_strategy steps\n```\n",
            "Pass `--evaluation_strategy` to train.py.\n\n```bash\npython report.py --evaluation_strategy steps\n```\n",
        ),
        Example(
            "makefile",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "train:\n\tpython train.py --evaluation_strategy steps\n",
            "train:\n\tpython train.py --eval_strategy steps\n",
        ),
        Example(
            "makefile",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "report:\n\tpython report.py --evaluation_strategy steps\n",
            "report:\n\tpython report.py --evaluation_strategy steps\n",
        ),
        Example(
            "rst",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "Train::\n\n    torchrun --nproc_per_node=2 train.py \\\n        --evaluation_strategy steps\n",
            "Train::\n\n    torchrun --nproc_per_node=2 train.py \\\n        --eval_strategy steps\n",
        ),
        Example(
            "rst",
            '- id: eval-strategy\n  rename: evaluation_strategy\n  to: eval_strategy\n  programs: ["train.py"]\n',
            "Pass ``--evaluation_strategy`` to train.py.\n\n.. code-block:: bash\n\n   python report.py --evaluation_strategy steps\n",
            "Pass ``--evaluation_strategy`` to train.py.\n\n.. code-block:: bash\n\n   python report.py --evaluation_strategy steps\n",
        ),
        Example(
            "toml",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            '[data]\ndataset_name = "owt"  # HF hub id\nseed = 1\n',
            '[data]\ndataset = "owt"  # HF hub id\nseed = 1\n',
        ),
        Example(
            "toml",
            "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
            '[eval]\ndataset_name = "owt"\n',
            '[eval]\ndataset_name = "owt"\n',
        ),
    ),
)

OPERATION = Operation("rename", Rename, invert, DOC)
