"""What an expression holds, as ``receivers.py`` answers it, and the helpers its modules share."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """What an expression holds: a receiver (``what`` says which), not one, or unsure (``what`` says why)."""

    verdict: str  # "yes" | "no" | "unsure"
    what: str = ""


NO = Kind("no")


def combine(kinds: list[Kind], name: str) -> Kind:
    verdicts = {k.verdict for k in kinds}
    if verdicts == {"yes"}:
        return kinds[0]
    if verdicts == {"no"}:
        return NO
    known = next((k for k in kinds if k.verdict == "yes"), None)
    if known is None:
        return next(k for k in kinds if k.verdict == "unsure")
    if not name:
        return Kind("unsure", f"one branch of its value holds a {known.what}, the other something else")
    return Kind("unsure", f"{name} holds a {known.what} on one path and something else on another")


def sets(cls: ast.ClassDef, name: str) -> bool:
    """Whether a class's body sets the attribute itself (``self.NAME = ...``, a class attribute, a method)."""
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
            return True
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return True
    return False


def named(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def annotation_options(node: ast.expr) -> list[ast.expr]:
    """The options of an annotation: ``Optional[X]``, ``Union[X, Y]``, ``X | Y``, ``"X"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return annotation_options(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return annotation_options(node.left) + annotation_options(node.right)
    if isinstance(node, ast.Subscript) and named(node.value) in ("Optional", "Union"):
        inner = node.slice
        return [o for e in (inner.elts if isinstance(inner, ast.Tuple) else [inner]) for o in annotation_options(e)]
    return [node]


def typed_as(cls: Any) -> Callable[[str], bool]:
    """Whether a qualified name denotes the bound class ``cls`` (a ``binding.ClassInfo``): its own
    module's name, or a re-export from the same top-level package (``trl.ModelConfig`` for
    ``trl/trainer/model_config.py::ModelConfig``)."""
    top = cls.module.split(".")[0]

    def matches(qualified: str) -> bool:
        if cls.matches_qualified(qualified):
            return True
        parts = qualified.split(".")
        return len(parts) > 1 and parts[-1] == cls.name and parts[0] == top

    return matches
