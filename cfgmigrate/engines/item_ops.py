"""Operations on sequence items (``lora.target_modules.*``): items are settings without a key.

``map`` replaces an item's value in place (flow ``[q, k]`` and block ``- q`` alike); ``coerce``
goes through the same code as mapping entries (it only needs the value and its location).
"""

from __future__ import annotations

from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.textdoc import Item, node_value
from cfgmigrate.engines.value_edits import refuse_custom_tag, replace_value
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Map, is_missing, same_value


def map_item(run: RuleRun, item: Item) -> None:
    rule, where = run.rule, format_location(item.location)
    assert isinstance(rule, Map)
    current = node_value(item.value)
    if not rule.applies_to_value(current) or rule.already_mapped(current):
        return
    new = rule.mapped(current)
    if is_missing(new):
        run.unmapped(item, current)
        return
    if rule.target is not None:
        run.warn(item.value, f"{where} is a sequence item: it has no key to rename to {rule.target.last}; left as it is")
        return
    if not (same_value(new, current) and type(new) is type(current)) and not refuse_custom_tag(run, item.value, item.location):
        run.edit_value(item.value, replace_value(run.text, run.dialect, run.step, item.value, new))
        run.change(item.value, f"mapped {where}: {current!r} -> {new!r}")
