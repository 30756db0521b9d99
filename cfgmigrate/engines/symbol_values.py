"""``rename_symbol`` in config files: a string value that spells the symbol's qualified name
(Hydra's ``_target_: transformers.AutoModelForVision2Seq``, or ``...AutoModelForVision2Seq.from_pretrained``)
gets the new one. A value that merely equals the bare name stays. Both the span edit (config engine)
and the plain-data twin (the equivalence check's reference) live here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ruamel.yaml.nodes import ScalarNode

from cfgmigrate.engines.textdoc import Entry, Item, sequence_items
from cfgmigrate.engines.value_edits import replace_value
from cfgmigrate.ops import RenameSymbol

if TYPE_CHECKING:
    from cfgmigrate.engines.rule_run import RuleRun

STRING_TAG = "tag:yaml.org,2002:str"


def renamed(value: Any, rule: RenameSymbol) -> str | None:
    """The value with the new qualified name, or None when it does not spell the old one."""
    if isinstance(value, str) and (value == rule.old or value.startswith(rule.old + ".")):
        return rule.new + value[len(rule.old) :]
    return None


def handle(run: RuleRun, matches: list[Entry]) -> None:
    """Every string scalar of the documents (mapping values and sequence items), whatever its key."""
    rule = run.rule
    assert isinstance(rule, RenameSymbol)
    places: list[Entry | Item] = [*run.all_entries, *sequence_items(run.docs)]
    for place in places:
        node = place.value
        if not isinstance(node, ScalarNode) or node.tag != STRING_TAG:
            continue
        new = renamed(node.value, rule)
        if new is not None:
            run.edit_value(node, replace_value(run.text, run.dialect, run.step, node, new))
            run.change(node, f"renamed {rule.old} to {rule.new}")


def reference(doc: Any, rule: RenameSymbol) -> Any:
    """The same on plain data."""
    if isinstance(doc, dict):
        return {k: reference(v, rule) for k, v in doc.items()}
    if isinstance(doc, list):
        return [reference(v, rule) for v in doc]
    new = renamed(doc, rule)
    return doc if new is None else new
