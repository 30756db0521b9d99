"""Each operation documents itself in the same sections: what it does, when it refuses, an example,
and whether it reverses. ``cfgmigrate rules explain OP`` prints these; ``docs/operations.md`` is
generated from them (a test fails when it drifts)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OperationDoc:
    name: str
    summary: str
    refuses: str
    rule: str
    before: str
    after: str
    reverses: str

    def render(self) -> str:
        return (
            f"## {self.name}\n\n{self.summary}\n\n"
            f"**Refuses** {self.refuses}\n\n"
            f"**Rule**\n\n```yaml\n{self.rule}```\n\n"
            f"**Before**\n\n```yaml\n{self.before}```\n\n"
            f"**After**\n\n```yaml\n{self.after}```\n\n"
            f"**Reverses** {self.reverses}\n"
        )


OPERATION_DOCS: dict[str, OperationDoc] = {
    "rename": OperationDoc(
        "rename",
        "Gives the last segment of a key path a new name, in place: its value, comments, quotes and "
        "position stay. With `calls:` it renames a keyword argument at matching call sites; with a "
        "`schema:` binding it renames the class field, the keywords that construct the class and "
        "the string-key accesses in the pack's Python files. Interpolations `${...}` that pointed "
        "at the key follow it.",
        "when the new name already exists with another value (`on_conflict: error`, the default); "
        "`keep` drops the old key, `replace` drops the existing one. The same value at both places "
        "is no conflict.",
        "- id: data-dataset-name\n  rename: data.dataset_name\n  to: dataset\n",
        "data:\n  dataset_name: openwebtext  # HF hub id\n",
        "data:\n  dataset: openwebtext  # HF hub id\n",
        "yes: the inverse renames the new name back.",
    ),
    "move": OperationDoc(
        "move",
        "Moves a key to a whole new key path, across nesting levels. The comments that belong to it "
        "(full-line comments directly above it, its inline comment) travel along; missing parent "
        "sections are created; a section the move leaves empty is removed. A `*` in the target "
        "reuses the segment the source's `*` captured.",
        "when the target exists with another value (see `on_conflict`), when the target's parent is "
        "not a mapping, when the key would move inside itself, and when its value is anchored and "
        "an alias still uses it.",
        "- id: seed-into-training\n  move: seed\n  to: training.seed\n",
        "out_dir: out\n# random seed\nseed: 42\ntraining:\n  max_iters: 5000\n",
        "out_dir: out\ntraining:\n  max_iters: 5000\n  # random seed\n  seed: 42\n",
        "yes, between literal key paths.",
    ),
    "coerce": OperationDoc(
        "coerce",
        "Converts a value to `bool`, `int`, `float`, `str` or `dtype`. Booleans accept "
        "true/false/yes/no/on/off/1/0 in any case, quoted or not; floats are written with a dot "
        "and a signed exponent (`1.0e-4`) so YAML 1.1 and 1.2 readers both read a float; dtypes "
        "are canonicalised (`bf16`, `torch.bfloat16` -> `bfloat16`). On a bound class it fixes "
        "the default's literal and the annotation.",
        "a value that cannot be converted (`maybe` to bool): an error naming file, line and rule; the file is left as it was.",
        "- id: p2p-bool\n  coerce: '**.batch_p2p_comm'\n  to: bool\n",
        "model:\n  batch_p2p_comm: 'False'\n",
        "model:\n  batch_p2p_comm: false\n",
        "no: the original spelling is lost.",
    ),
    "add": OperationDoc(
        "add",
        "Adds a field with its annotation (`type`) and `default` to a bound class, in a legal "
        "position; with `calls:` adds a keyword where a call lacks it (never into a call that "
        "splats `**kwargs`); with `configs: true` also writes the key into config files whose "
        "parent section exists and lacks it.",
        "nothing in config files unless `configs: true`; a call that splats `**kwargs` is reported, not changed.",
        "- id: data-num-workers\n  add: data.num_workers\n  type: int\n  default: 4\n  configs: true\n",
        "data:\n  dataset: owt\n",
        "data:\n  dataset: owt\n  num_workers: 4\n",
        "no.",
    ),
    "set_default": OperationDoc(
        "set_default",
        "Sets the default of a bound class field. Config files are not touched.",
        "when the field would get a default before a required field (unless the class is `kw_only`).",
        "- id: eval-only-default\n  set_default: evaluator.eval_only\n  value: false\n",
        "# class EvaluatorConfig:\n#     eval_only: bool\n",
        "# class EvaluatorConfig:\n#     eval_only: bool = False\n",
        "no.",
    ),
    "remove": OperationDoc(
        "remove",
        "Removes a key with its owned comments (or a keyword at call sites); a section it leaves "
        "empty goes too, while a section that was already `{}` stays.",
        "an anchored value an alias still uses; on a bound class, a field that is still referenced.",
        "- id: drop-legacy\n  remove: '**.legacy_attention'\n",
        "model:\n  # old kernel settings\n  legacy_attention:\n    block_size: 64\n  n_embd: 768\n",
        "model:\n  n_embd: 768\n",
        "no: the value is gone.",
    ),
    "map": OperationDoc(
        "map",
        "Translates values through `values` (a scalar may become a mapping), optionally renaming "
        "the key with `to`. Values already in the new vocabulary are left alone. At call sites a "
        "non-literal value becomes a conditional expression when `values` maps exactly true/false.",
        "nothing by default for a value not in `values` (`otherwise: keep` reports it for a person); "
        "`otherwise: remove` drops the key, `otherwise: error` fails the file.",
        "- id: flash-flag\n  map: '**.use_flash_attention_2'\n  to: attn_implementation\n  values: {true: flash_attention_2, false: eager}\n",
        "model_kwargs:\n  use_flash_attention_2: true\n",
        "model_kwargs:\n  attn_implementation: flash_attention_2\n",
        "when `values` is one-to-one between scalars and there is no `when`.",
    ),
}


def markdown() -> str:
    """The whole operations reference (docs/operations.md)."""
    head = "# Operations\n\nGenerated from `cfgmigrate/operations.py` (`cfgmigrate rules explain OP`).\n\n"
    return head + "\n".join(doc.render() for doc in OPERATION_DOCS.values())
