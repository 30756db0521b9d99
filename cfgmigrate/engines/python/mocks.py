"""``unittest.mock`` objects: a test's stand-ins, whose attributes are whatever the test sets.

An expression is a mock when it is a call of ``unittest.mock`` (``Mock(spec=...)``, ``MagicMock()``,
``create_autospec``; ``import mock`` too), a name every binding of which is one, a test's parameter
whose pytest fixture returns one, or an attribute of a mock that nothing in the file sets to
something else (``m.config = cfg`` with ``cfg = Mock()`` keeps ``m.config`` a mock; ``m.config =
LlamaConfig()`` makes ``m.config`` of every mock in the file a real one).

A one-to-one rename on a mock keeps the test in step with the code it tests; a rule's template
(``rope_parameters["rope_theta"]``) assumes the library's structure, which a mock does not have:
those are reported. In ``callers.py`` a mock passed does not vote.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from cfgmigrate.engines.python import fixtures
from cfgmigrate.engines.python.frames import Binding, Frame

if TYPE_CHECKING:
    from cfgmigrate.engines.python.scopes import Model

MOCKS = ("unittest.mock.", "mock.")


def mocked(model: Model, node: ast.expr, frame: Frame, seen: frozenset[int] = frozenset()) -> bool:
    if isinstance(node, ast.Call):
        return model.qualified(node.func, frame).startswith(MOCKS)
    if isinstance(node, ast.Name):
        bindings = [b for b in model.lookup(node.id, frame) if id(b) not in seen]
        if not bindings:
            return False
        return all(_binding(model, b, seen | {id(b)}) for b in bindings)
    if isinstance(node, ast.Attribute) and mocked(model, node.value, frame, seen):
        stores = [
            (v, f)
            for t, v, f in model.stores
            if t.attr == node.attr and id(t) not in seen and mocked(model, t.value, f, seen | {id(t)})
        ]
        return all(v is not None and mocked(model, v, f, seen | {id(node)}) for v, f in stores)
    return False


def _binding(model: Model, b: Binding, seen: frozenset[int]) -> bool:
    value, frame = b.value, b.frame
    if b.param is not None:
        fixture = fixtures.fixture_for(model, b.param[0], b.param[2])
        if fixture is None or id(fixture) in seen:
            return False
        inner = model.frames[id(fixture)]
        values = [*inner.returns, *inner.yields]
        return bool(values) and all(v is not None and mocked(model, v, inner, seen | {id(fixture)}) for v in values)
    if value is None or frame is None or b.item is not None:
        return False
    return mocked(model, value, frame, seen)
