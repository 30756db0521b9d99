"""``map``: values are translated through ``values``; ``to`` renames the key as well."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    Example,
    Operation,
    OperationDoc,
    Refused,
    Rule,
    in_notebook,
    lossy_setting,
)
from cfgmigrate.values import MISSING, is_missing, same_value


@dataclass(frozen=True, kw_only=True)
class Map(Rule):
    """``map``: replaces old values by new ones (optionally under a new name, ``target``)."""

    op: ClassVar[str] = "map"
    values: tuple[tuple[Any, Any], ...]  # (old value, new value) pairs
    target: KeyPath | None = None  # with `to`: ``path`` with its last segment replaced
    otherwise: str = "keep"
    on_conflict: str = "error"
    annotation: str | None = None
    value: Any = None  # the new default on a bound class, when has_value
    has_value: bool = False
    access: tuple[str, ...] = ("keys",)

    def destination(self) -> KeyPath | None:
        return self.target

    def mapped(self, current: Any) -> Any:
        """The new value for ``current`` under ``values``, or ``MISSING``."""
        for old, new in self.values:
            if same_value(old, current):
                return new
        return MISSING

    def already_mapped(self, current: Any) -> bool:
        """A value in the new vocabulary (an output of ``values`` that is not also an input)."""
        outputs = any(same_value(new, current) for _, new in self.values)
        return outputs and is_missing(self.mapped(current))


def invert(rule: Map) -> Map | str:
    if rule.otherwise == "remove":
        return "`otherwise: remove` deletes the values that `values` does not list, which the inverse cannot bring back"
    news = [repr(new) for _, new in rule.values]
    if len(set(news)) != len(news) or any(isinstance(new, (dict, list)) for _, new in rule.values):
        return "its `values` are not one-to-one scalars"
    why = lossy_setting(rule)
    if why:
        return why
    path, target = (rule.target, rule.path) if rule.target is not None else (rule.path, None)
    return replace(rule, path=path, target=target, values=tuple((new, old) for old, new in rule.values))


RULE = "- id: flash-flag\n  map: '**.use_flash_attention_2'\n  to: attn_implementation\n  values: {true: flash_attention_2, false: eager}\n"
CALL_RULE = (
    "- id: flash-flag\n  map: use_flash_attention_2\n  to: attn_implementation\n  values: {true: flash_attention_2, false: eager}\n"
    "  calls: ['*.from_pretrained']\n"
)

DOC = OperationDoc(
    summary="Translates values through `values` (a scalar may become a mapping), optionally renaming "
    "the key with `to`. Values already in the new vocabulary are left alone. At call sites a "
    "non-literal value becomes a conditional expression when `values` maps exactly true/false.",
    refuses="nothing by default for a value not in `values` (`otherwise: keep` reports it for a person); "
    "`otherwise: remove` drops the key, `otherwise: error` fails the file.",
    reverses="when `values` is one-to-one between scalars, with no `when`, no `otherwise: remove` and "
    "no `on_conflict: keep|replace`; otherwise `--reverse` is refused naming the rule.",
    examples=(
        Example(
            "yaml",
            RULE,
            "model_kwargs:\n  use_flash_attention_2: true\n",
            "model_kwargs:\n  attn_implementation: flash_attention_2\n",
        ),
        Example("yaml", RULE, "model_kwargs:\n  attn_implementation: sdpa\n", "model_kwargs:\n  attn_implementation: sdpa\n"),
        Example("json", RULE, '{"use_flash_attention_2": false}\n', '{"attn_implementation": "eager"}\n'),
        Example("json", RULE, '{"attn_implementation": "sdpa"}\n', '{"attn_implementation": "sdpa"}\n'),
        Example(
            "python",
            CALL_RULE,
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2', use_flash_attention_2=True)\n",
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2', attn_implementation=\"flash_attention_2\")\n",
        ),
        Example(
            "python",
            CALL_RULE,
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2', attn_implementation='sdpa')\n",
            "import transformers\n\nm = transformers.AutoModel.from_pretrained('gpt2', attn_implementation='sdpa')\n",
        ),
        Example(
            "toml",
            "- id: flash-flag\n  map: '**.use_flash_attention_2'\n  to: attn_implementation\n  values: {true: flash_attention_2, false: eager}\n",
            "[model_kwargs]\nuse_flash_attention_2 = true\n",
            '[model_kwargs]\nattn_implementation = "flash_attention_2"\n',
        ),
        Example(
            "toml",
            "- id: flash-flag\n  map: '**.use_flash_attention_2'\n  to: attn_implementation\n  values: {true: flash_attention_2, false: eager}\n",
            '[model_kwargs]\nattn_implementation = "sdpa"\n',
            '[model_kwargs]\nattn_implementation = "sdpa"\n',
        ),
    ),
    refused=(
        Refused(
            ("shell", "markdown", "makefile", "rst"),
            "- id: seed-flag\n  map: seed\n  values: {a: b}\n  programs: [train.py]\n",
            "pack.yaml:3: seed-flag: `programs:` renames a CLI flag; the shell engine cannot map one",
        ),
    ),
)

# The call examples again, as a notebook's code cell (the notebook engine runs them through the Python engine).
DOC = replace(
    DOC, examples=(*DOC.examples, *(in_notebook(e) for e in DOC.examples if e.engine == "python" and "calls" in e.rule))
)

OPERATION = Operation("map", Map, invert, DOC)
