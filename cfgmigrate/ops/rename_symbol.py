"""``rename_symbol``: a class or function of a library gets a new name, or a new module, in the code
that imports it (``transformers.AutoModelForVision2Seq`` -> ``transformers.AutoModelForImageTextToText``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from cfgmigrate.ops.base import Example, Operation, OperationDoc, Refused, Rule, in_notebook


@dataclass(frozen=True, kw_only=True)
class RenameSymbol(Rule):
    """``rename_symbol``: an importable name (a class, a function) becomes another, where it is imported and named."""

    op: ClassVar[str] = "rename_symbol"
    old: str  # "transformers.AutoModelForVision2Seq"
    new: str  # "transformers.AutoModelForImageTextToText"

    @property
    def old_module(self) -> str:
        return self.old.rpartition(".")[0]

    @property
    def old_name(self) -> str:
        return self.old.rpartition(".")[2]

    @property
    def new_module(self) -> str:
        return self.new.rpartition(".")[0]

    @property
    def new_name(self) -> str:
        return self.new.rpartition(".")[2]

    def literal_tokens(self) -> tuple[str, ...]:
        return (self.old_name,)


def invert(rule: RenameSymbol) -> RenameSymbol | str:
    return replace(rule, old=rule.new, new=rule.old)


RULE = "- id: vision2seq\n  rename_symbol: transformers.AutoModelForVision2Seq\n  to: AutoModelForImageTextToText\n"
MOVE = "- id: moved\n  rename_symbol: lib.old.Trainer\n  to: lib.new.Trainer\n"

DOC = OperationDoc(
    summary="Renames a class or function of a library (or moves it to another module) in the Python code "
    "that uses it: `from m import Old` (the import and every use of the name it binds, `isinstance` "
    "included; an alias `as X` keeps its uses), `m.Old` through `import m`, `__all__` entries and "
    '`getattr(m, "Old")` that name it, and strings that spell the qualified name '
    '(`"m.Old"`, a registry or a `_target_`). A move rewrites the import (`from new import New`), '
    "splitting it from the names that stay. In YAML and JSON, string values equal to the qualified name "
    "(Hydra's `_target_: m.Old`) follow.",
    refuses="a file that binds the new name itself (a variable or parameter `New` where `Old` is used), and "
    "`m.Old` through `import m` when the symbol moves to a module that file does not import (reported); "
    "a string that merely equals the bare name stays.",
    reverses="yes: the inverse renames the new name back.",
    examples=(
        Example(
            "python",
            RULE,
            "from transformers import AutoModelForVision2Seq, AutoProcessor\n\n"
            "model = AutoModelForVision2Seq.from_pretrained('m')\nassert isinstance(model, AutoModelForVision2Seq)\n",
            "from transformers import AutoModelForImageTextToText, AutoProcessor\n\n"
            "model = AutoModelForImageTextToText.from_pretrained('m')\nassert isinstance(model, AutoModelForImageTextToText)\n",
        ),
        Example(
            "python",
            MOVE,
            "from lib.old import Trainer, helper\n\nt = Trainer()\n",
            "from lib.old import helper\nfrom lib.new import Trainer\n\nt = Trainer()\n",
        ),
        Example(
            "python",
            RULE,
            "AutoModelForVision2Seq = None  # a name of this file\nprint('AutoModelForVision2Seq')\n",
            "AutoModelForVision2Seq = None  # a name of this file\nprint('AutoModelForVision2Seq')\n",
        ),
        Example(
            "yaml",
            RULE,
            "model:\n  _target_: transformers.AutoModelForVision2Seq.from_pretrained\n",
            "model:\n  _target_: transformers.AutoModelForImageTextToText.from_pretrained\n",
        ),
        Example("yaml", RULE, "model:\n  name: AutoModelForVision2Seq\n", "model:\n  name: AutoModelForVision2Seq\n"),
        Example(
            "json",
            RULE,
            '{"architectures_class": "transformers.AutoModelForVision2Seq"}\n',
            '{"architectures_class": "transformers.AutoModelForImageTextToText"}\n',
        ),
        Example("json", RULE, '{"name": "AutoModelForVision2Seq"}\n', '{"name": "AutoModelForVision2Seq"}\n'),
        Example(
            "toml",
            RULE,
            "[model]\n_target_ = 'transformers.AutoModelForVision2Seq.from_pretrained'  # Hydra-style\n"
            'classes = ["transformers.AutoModelForVision2Seq"]\n',
            "[model]\n_target_ = 'transformers.AutoModelForImageTextToText.from_pretrained'  # Hydra-style\n"
            'classes = ["transformers.AutoModelForImageTextToText"]\n',
        ),
        Example("toml", RULE, 'name = "AutoModelForVision2Seq"\n', 'name = "AutoModelForVision2Seq"\n'),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  rename_symbol: a.B\n  to: C\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot rename symbol one",
        ),
    ),
)

# The Python examples again, as a notebook's code cell (the notebook engine runs them through the Python engine).
DOC = replace(DOC, examples=(*DOC.examples, *(in_notebook(e) for e in DOC.examples if e.engine == "python")))

OPERATION = Operation("rename_symbol", RenameSymbol, invert, DOC)
