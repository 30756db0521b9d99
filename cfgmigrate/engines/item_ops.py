"""Operations on sequence items (``lora.target_modules.*``): items are settings without a key.

``map`` replaces an item's value in place (flow ``[q, k]`` and block ``- q`` alike); ``coerce``
goes through the same code as mapping entries (it only needs the value and its location).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ruamel.yaml.nodes import ScalarNode

from cfgmigrate.engines import layout
from cfgmigrate.engines.scalars import format_scalar
from cfgmigrate.engines.textdoc import Item, content_end, node_value
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Map, is_missing, same_value
from cfgmigrate.types import Edit

if TYPE_CHECKING:
    from cfgmigrate.engines.config_ops import RuleRun


def map_item(run: RuleRun, item: Item) -> None:
    rule, where = run.rule, format_location(item.location)
    assert isinstance(rule, Map)
    current = node_value(item.value)
    if not rule.applies_to_value(current) or rule.already_mapped(current):
        return
    new = rule.mapped(current)
    if is_missing(new):
        _unmapped_item(run, item, current)
        return
    if rule.target is not None:
        run.warn(item.value, f"{where} is a sequence item: it has no key to rename to {rule.target.last}; left as it is")
        return
    if not (same_value(new, current) and type(new) is type(current)):
        run.edits.append(replace_item_value(run, item, new))
        run.change(item.value, f"mapped {where}: {current!r} -> {new!r}")


def _unmapped_item(run: RuleRun, item: Item, current: Any) -> None:
    where = format_location(item.location)
    assert isinstance(run.rule, Map)
    if run.rule.otherwise == "remove":
        run.fail(
            item.value,
            f"{where} has value {current!r}, which `values` does not map, and removing a sequence item is not supported",
        )
    elif run.rule.otherwise == "error":
        run.fail(item.value, f"{where} has value {current!r}, which `values` does not map")
    else:
        run.warn(item.value, f"{where} has value {current!r}, which `values` does not map; left as it is (needs a person)")


def replace_item_value(run: RuleRun, item: Item, new: Any) -> Edit:
    value = item.value
    start, end = value.start_mark.index, content_end(value, run.text)
    if isinstance(new, (dict, list)):
        col = run.text.column(start)
        return Edit(start, end, layout.flow_value(new, run.dialect, col, run.step, run.text.nl))
    quote = value.style if isinstance(value, ScalarNode) and isinstance(new, str) and value.style in ("'", '"') else None
    return Edit(start, end, format_scalar(new, run.dialect, quote))
