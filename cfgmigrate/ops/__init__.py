"""The operation registry: one module per operation, listed once.

A new operation is a new module here (its runtime type, documentation with executed examples,
inverse) and its pack side in ``specs/`` (its fields and their validation, and the compilation into
the runtime type), plus one line below; each engine then answers it in its own table
(``cfgmigrate/engines/*``), and a pack that asks an engine for what it refuses fails to load.
"""

from __future__ import annotations

from cfgmigrate.ops import add, coerce, copy, map, move, remove, rename, rename_symbol, set_default
from cfgmigrate.ops.add import Add
from cfgmigrate.ops.base import Example, Operation, OperationDoc, Rule
from cfgmigrate.ops.coerce import COERCE_TYPES, Coerce
from cfgmigrate.ops.copy import Copy
from cfgmigrate.ops.map import Map
from cfgmigrate.ops.move import Move
from cfgmigrate.ops.remove import Remove
from cfgmigrate.ops.rename import Rename
from cfgmigrate.ops.rename_symbol import RenameSymbol
from cfgmigrate.ops.set_default import SetDefault

REGISTRY: dict[str, Operation] = {
    op.name: op
    for op in (
        rename.OPERATION,
        move.OPERATION,
        coerce.OPERATION,
        add.OPERATION,
        set_default.OPERATION,
        remove.OPERATION,
        map.OPERATION,
        copy.OPERATION,
        rename_symbol.OPERATION,
    )
}
OPERATIONS = tuple(REGISTRY)


def operation_of(rule: Rule) -> Operation:
    return REGISTRY[rule.op]


__all__ = [
    "COERCE_TYPES",
    "OPERATIONS",
    "REGISTRY",
    "Add",
    "Coerce",
    "Copy",
    "Example",
    "Map",
    "Move",
    "Operation",
    "OperationDoc",
    "Remove",
    "Rename",
    "RenameSymbol",
    "Rule",
    "SetDefault",
    "operation_of",
]
