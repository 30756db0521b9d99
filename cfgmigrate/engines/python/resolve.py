"""What a callee is, by qualified name through the module's imports.

``from transformers import AutoModel as AM`` makes ``AM.from_pretrained`` the callee
``transformers.AutoModel.from_pretrained``. A name a function binds itself shadows the import; when
that function assigns it exactly once, from a resolved constructor or loader
(``model = AutoModelForCausalLM.from_pretrained(...)``), the name stands for an instance of that
class, so ``model.save_pretrained`` is ``transformers.AutoModelForCausalLM.save_pretrained``. A
name assigned twice (``model = get_peft_model(model, ...)``), a parameter or an attribute of
``self`` is not resolved: rules report such calls where they say so (``unresolved:``).
"""

from __future__ import annotations

import ast

from cfgmigrate.engines.python.conditions import dotted
from cfgmigrate.engines.python.parsed import Scope

LOADERS = ("from_pretrained", "from_config", "_from_config")


def qualified(func: ast.expr, imports: dict[str, str], scope: Scope) -> str | None:
    """The callee's qualified name, or None when no import says what its first name is."""
    parts = dotted(func)
    head = parts[0]
    if head in imports and not scope.binds(head):
        return ".".join([imports[head], *parts[1:]])
    instance = _instance_class(head, imports, scope) if len(parts) > 1 else None
    return ".".join([instance, *parts[1:]]) if instance else None


def callee_name(func: ast.expr, imports: dict[str, str], scope: Scope) -> str:
    """The qualified name where it is known, else the dotted text as written."""
    return qualified(func, imports, scope) or ".".join(dotted(func))


def _instance_class(name: str, imports: dict[str, str], scope: Scope) -> str | None:
    values = [
        node.value
        for node in scope.nodes
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]
    if len(values) != 1 or not isinstance(values[0], ast.Call) or name in _parameters(scope):
        return None
    made = values[0].func
    if isinstance(made, ast.Attribute) and made.attr in LOADERS:
        made = made.value
    parts = dotted(made)
    if parts[0] == name or parts[0] not in imports or (scope.parent is not None and _shadowed(parts[0], scope)):
        return None
    return ".".join([imports[parts[0]], *parts[1:]])


def _parameters(scope: Scope) -> set[str]:
    node = scope.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return set()
    args = node.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a is not None)]
    return {a.arg for a in every}


def _shadowed(name: str, scope: Scope) -> bool:
    return scope.binds(name)
