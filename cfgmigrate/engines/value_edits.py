"""The edit that replaces a value with a new one, in the style the value was written in.

Anchors written on the value stay (``&lr 1`` coerced is ``&lr 1.0``); standard tags go (the new
value resolves itself); block scalars keep their style; quotes stay where the new value is a string.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.nodes import Node, ScalarNode

from cfgmigrate.engines import block_scalars, layout
from cfgmigrate.engines.rule_run import RuleRun
from cfgmigrate.engines.scalars import format_scalar
from cfgmigrate.engines.textdoc import Text, content_end, custom_tag, kept_properties
from cfgmigrate.keypath import format_location
from cfgmigrate.types import Edit


def replace_value(
    text: Text, dialect: str, step: int, value: Node, new: Any, key: ScalarNode | None = None, in_flow: bool = False
) -> Edit:
    start, end = value.start_mark.index, content_end(value, text)
    keep = kept_properties(value, text)
    if key is not None and isinstance(new, dict) and new and dialect == "yaml" and not in_flow:
        col = text.column(key.start_mark.index) + step
        colon = text.s.index(":", key.end_mark.index)
        block = "".join(layout.block_lines(k, v, col, step, text.nl) for k, v in new.items())
        return Edit(colon + 1, end, (" " + keep.rstrip() if keep else "") + text.nl + block.rstrip("\r\n"))
    if isinstance(new, (dict, list)):
        col = text.column(key.start_mark.index if key is not None else start)
        return Edit(start, end, keep + layout.flow_value(new, dialect, col, step, text.nl))
    if isinstance(value, ScalarNode) and value.style in ("|", ">") and isinstance(new, str) and dialect == "yaml":
        rewritten = block_scalars.rewrite(value, new, text)
        if rewritten is not None:
            return Edit(start, rewritten.end, keep + rewritten.replacement)
    quote = value.style if isinstance(value, ScalarNode) and isinstance(new, str) and value.style in ("'", '"') else None
    return Edit(start, end, keep + format_scalar(new, dialect, quote))


def replace_scalar_text(text: Text, value: Node, new_text: str) -> Edit:
    """Replace a scalar's content with ``new_text`` (already formatted), keeping its anchors."""
    return Edit(value.start_mark.index, content_end(value, text), kept_properties(value, text) + new_text)


def refuse_custom_tag(run: RuleRun, value: Node, location: tuple[Any, ...]) -> bool:
    """A value with its own tag (``!myfloat 0.1``) is refused: rewriting it would drop the tag."""
    tag = custom_tag(value)
    if tag is not None:
        where = format_location(location)
        run.fail(value, f"cannot rewrite {where}: it has the custom tag {tag}, which the new value would lose")
    return tag is not None
