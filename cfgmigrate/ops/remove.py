"""``remove``: a key (with its owned comments) or a keyword goes away."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from cfgmigrate.ops.base import (
    Example,
    Operation,
    OperationDoc,
    Refused,
    Rule,
    in_notebook,
    not_reversible,
)


@dataclass(frozen=True, kw_only=True)
class Remove(Rule):
    """``remove``: the key and its value are deleted."""

    op: ClassVar[str] = "remove"


RULE = "- id: drop-legacy\n  remove: '**.legacy_attention'\n"
CALL_RULE = "- id: drop-use-cache\n  remove: use_cache\n  calls: ['*.from_pretrained']\n"

DOC = OperationDoc(
    summary="Removes a key with its owned comments (or a keyword at call sites); a section it leaves "
    "empty goes too, while a section that was already `{}` stays.",
    refuses="an anchored value an alias still uses; on a bound class, a field that is still referenced.",
    reverses="no: the value is gone.",
    examples=(
        Example(
            "yaml",
            RULE,
            "model:\n  # old kernel settings\n  legacy_attention:\n    block_size: 64\n  n_embd: 768\n",
            "model:\n  n_embd: 768\n",
        ),
        Example("yaml", RULE, "model:\n  n_embd: 768\n  extra: {}\n", "model:\n  n_embd: 768\n  extra: {}\n"),
        Example("json", RULE, '{"legacy_attention": true, "n_embd": 768}\n', '{"n_embd": 768}\n'),
        Example("json", RULE, '{"n_embd": 768}\n', '{"n_embd": 768}\n'),
        Example(
            "python",
            CALL_RULE,
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2', use_cache=False)\n",
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2')\n",
        ),
        Example(
            "python",
            CALL_RULE,
            "def load(use_cache=False):\n    return use_cache\n",
            "def load(use_cache=False):\n    return use_cache\n",
        ),
        Example(
            "toml",
            "- id: drop-legacy\n  remove: '**.legacy_attention'\n",
            "[model]\n# old kernel setting\nlegacy_attention = true\nn_embd = 768\n",
            "[model]\n# old kernel setting\nn_embd = 768\n",
        ),
        Example(
            "toml",
            "- id: drop-legacy\n  remove: '**.legacy_attention'\n",
            "[model]\nn_embd = 768\n",
            "[model]\nn_embd = 768\n",
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  remove: seed\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot remove one",
        ),
    ),
)

# The call examples again, as a notebook's code cell (the notebook engine runs them through the Python engine).
DOC = replace(
    DOC, examples=(*DOC.examples, *(in_notebook(e) for e in DOC.examples if e.engine == "python" and "calls" in e.rule))
)

OPERATION = Operation("remove", Remove, not_reversible("remove loses information"), DOC)
