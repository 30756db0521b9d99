"""pytest fixtures: what a test's parameter holds when pytest passes it a fixture of the same file.

``def test_x(self, llama_config)`` next to ``@pytest.fixture def llama_config(self): return
LlamaConfig(...)`` receives that return value. The fixture is looked up as pytest does, nearest
first: a method of the test's own class, then a function of the module (``@pytest.fixture``,
``@pytest.fixture(...)``, ``@fixture``; ``name="..."`` renames it). A parameter that
``@pytest.mark.parametrize`` names is not a fixture's. Fixtures of ``conftest.py`` or of a base
class in another file are not followed (the parameter is left alone, as any other).
"""

from __future__ import annotations

import ast

from cfgmigrate.engines.python.scopes import Model

Function = ast.FunctionDef | ast.AsyncFunctionDef


def fixture_for(model: Model, fn: Function, name: str) -> Function | None:
    """The fixture pytest passes to the parameter ``name`` of a test or fixture ``fn`` (same file)."""
    if not (fn.name.startswith("test") or _fixture_name(fn)) or _parametrized(fn, name):
        return None
    cls = model.methods.get(id(fn))
    module = model.module.node
    bodies = [cls.body] if cls is not None else []
    bodies.append(module.body if isinstance(module, ast.Module) else [])
    for body in bodies:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn and _fixture_name(node) == name:
                return node
    return None


def _fixture_name(fn: Function) -> str:
    """The name a fixture is requested by ('' when ``fn`` is not a fixture)."""
    for d in fn.decorator_list:
        call = d if isinstance(d, ast.Call) else None
        target = call.func if call is not None else d
        if _dotted(target) in ("pytest.fixture", "fixture"):
            alias = next((k.value for k in (call.keywords if call else []) if k.arg == "name"), None)
            return alias.value if isinstance(alias, ast.Constant) and isinstance(alias.value, str) else fn.name
    return ""


def _parametrized(fn: Function, name: str) -> bool:
    for d in fn.decorator_list:
        if isinstance(d, ast.Call) and _dotted(d.func).endswith("parametrize") and d.args:
            names = d.args[0]
            if isinstance(names, ast.Constant) and isinstance(names.value, str):
                if name in [n.strip() for n in names.value.split(",")]:
                    return True
            elif isinstance(names, (ast.Tuple, ast.List)):
                if any(isinstance(e, ast.Constant) and e.value == name for e in names.elts):
                    return True
            else:
                return True  # names computed: it may be this one
    return False


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""
