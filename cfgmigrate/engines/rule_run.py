"""One rule applied to one config text: what it found, the edits it wants, what it reports.

The operations (:mod:`config_ops`, :mod:`item_ops`) and their helpers (:mod:`removals`,
:mod:`value_edits`) all work on a :class:`RuleRun`; it imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from cfgmigrate.engines import merges
from cfgmigrate.engines.textdoc import Entry, Item, Text, entries, indent_step, mappings
from cfgmigrate.keypath import format_location
from cfgmigrate.rules import Map, Rule
from cfgmigrate.types import Change, Diagnostic, Edit, Severity


@dataclass
class RuleRun:
    """One rule applied to one text: what it found and the edits it wants."""

    path: str
    rule: Rule
    text: Text
    docs: list[Node]
    dialect: str
    edits: list[Edit] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    protected: set[tuple[int, tuple[Any, ...]]] = field(default_factory=set)  # mappings receiving inserts
    inserts: list[Callable[[frozenset[int]], Edit]] = field(default_factory=list)  # built once removals are known
    changes: list[Change] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inherits: merges.Index = field(default_factory=dict)  # merged mapping -> the mappings merging it
    removed_items: list[Item] = field(default_factory=list)
    edited_values: set[int] = field(default_factory=set)  # a node reached through aliases is edited once
    interpolated: list[tuple[ScalarNode, tuple[Any, ...]]] | None = None  # scalars holding ``${``, found once

    @cached_property
    def all_entries(self) -> list[Entry]:
        """Every mapping entry of the documents (walked once, when an operation asks)."""
        return entries(self.docs)

    @cached_property
    def step(self) -> int:
        """The file's indentation step (read when an edit writes new lines)."""
        return indent_step(self.all_entries, self.text)

    @cached_property
    def all_mappings(self) -> list[tuple[tuple[Any, ...], MappingNode, int]]:
        """Every mapping with its location (read by the operations that insert or remove)."""
        return mappings(self.docs, self.all_entries)

    def edit_value(self, node: Node, edit: Edit) -> None:
        if id(node) not in self.edited_values:
            self.edited_values.add(id(node))
            self.edits.append(edit)

    def line(self, node: Node) -> int:
        return self.text.line_no(node.start_mark.index)

    def change(self, node: Node, message: str) -> None:
        self.changes.append(Change(self.rule.id, self.line(node), message))

    def fail(self, node: Node | None, message: str) -> None:
        line = self.line(node) if node is not None else 0
        self.diagnostics.append(Diagnostic(self.path, line, self.rule.id, message))

    def warn(self, node: Node, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, self.line(node), self.rule.id, message, Severity.WARNING))

    def unmapped(self, found: Entry | Item, current: Any) -> None:
        """A ``map`` met a value its ``values`` do not map: removed, an error, or left and said so."""
        where = format_location(found.location)
        assert isinstance(self.rule, Map)
        if self.rule.otherwise == "remove":
            if isinstance(found, Item):
                self.removed_items.append(found)
            else:
                self.removed.append(found)
            self.change(
                found.value if isinstance(found, Item) else found.key, f"removed {where} (value {current!r} not in `values`)"
            )
        elif self.rule.otherwise == "error":
            self.fail(found.value, f"{where} has value {current!r}, which `values` does not map")
        else:
            self.warn(found.value, f"{where} has value {current!r}, which `values` does not map; left as it is (needs a person)")
