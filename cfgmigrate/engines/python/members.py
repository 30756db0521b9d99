"""What ``self.x`` holds in the methods of a class: the receivers behind ``self.hf_config.rope_theta``.

``self.x`` holds a receiver when every assignment of it in the class (its methods' ``self.x = v``,
a class-level ``x: LlamaConfig`` annotation; ``None`` assigns nothing) gives one, and either one of
them is in ``__init__`` or there is only one. It is *unsure* (reported, never edited) when

- one assignment gives a receiver and another something else, or an assignment that is not a plain
  one (``self.a, self.x = ...``, ``for self.x in ...``, ``self.x += ...``) is also there;
- the receivers are assigned in more than one method, none of them ``__init__``;
- the file also assigns ``.x`` of some other object (``bridge.hf_config = ...``: it may be this class's),
  or a subclass of the same file assigns its ``self.x`` something else;
- nothing in the class (or its bases in the same file) assigns ``self.x``: it is set where this
  file does not show (a base class of another file, the caller).

A class whose ``self.x`` is only ever something else (``self.config = args``) is not a receiver.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from cfgmigrate.engines.python.kinds import NO, Kind, combine
from cfgmigrate.engines.python.scopes import Frame

if TYPE_CHECKING:
    from cfgmigrate.engines.python.receivers import Types


def kind(types: Types, cls: ast.ClassDef, attr: str, seen: frozenset[int]) -> Kind:
    marker = hash(("self", id(cls), attr))  # self.a = self.b; self.b = self.a: each is asked once
    if marker in seen:
        return NO
    seen = seen | {marker}
    classes = _lineage(types, cls)
    own: list[tuple[ast.Attribute, ast.expr | None, Frame]] = []
    other: list[tuple[ast.Attribute, ast.expr | None, Frame]] = []
    for target, value, frame in types.model.stores:
        if target.attr != attr:
            continue
        holder = types.owner(target.value, frame, "self")
        if holder is not None and holder in classes:
            own.append((target, value, frame))
        elif holder is None or cls in _lineage(types, holder):  # a plain object, or a subclass's self
            other.append((target, value, frame))
    annotated = [
        b
        for c in classes
        for b in types.model.frames[id(c)].bindings.get(attr, [])
        if b.annotation is not None or b.value is not None
    ]
    kinds: list[tuple[int, Kind]] = []
    for target, value, frame in own:
        if _is_none(value):
            continue
        if value is None:
            kinds.append((target.lineno, Kind("no")))
        else:
            kinds.append((target.lineno, types.kind(value, frame, seen)))
    for b in annotated:
        if not _is_none(b.value):
            kinds.append((b.line, types._binding(b, seen)))
    name = f"self.{attr}"
    if not kinds:
        return Kind("unsure", f"nothing in {cls.name} assigns {name} (it is set where this file does not show)")
    combined = combine([k for _, k in kinds], name)
    if combined.verdict == "no":
        return NO
    if combined.verdict == "unsure":
        yes = next(((line, k) for line, k in kinds if k.verdict == "yes"), None)
        no = next((line for line, k in kinds if k.verdict != "yes"), None)
        if yes is None or no is None:
            return combined
        return Kind(
            "unsure", f"{name} holds a {yes[1].what} where line {yes[0]} assigns it and something else where line {no} does"
        )
    places = {_method(types, frame) for _, v, frame in own if not _is_none(v)}
    if len(kinds) > 1 and "__init__" not in places:
        return Kind("unsure", f"{name} is assigned in {len(places)} methods of {cls.name}, none of them __init__")
    stranger = next((t for t, v, f in other if v is None or types.kind(v, f, seen).verdict != "yes"), None)
    if stranger is not None:
        return Kind("unsure", f"line {stranger.lineno} assigns .{attr} of an object that may be a {cls.name} too")
    line = kinds[0][0]
    return Kind("yes", f"{combined.what}, as {name} (line {line})")


def _lineage(types: Types, cls: ast.ClassDef) -> list[ast.ClassDef]:
    """The class and its bases of the same file (module-level classes, by name)."""
    out, todo = [], [cls]
    while todo:
        c = todo.pop()
        if c in out:
            continue
        out.append(c)
        todo.extend(b for base in c.bases if (b := types.model.classes.get(_base_name(base))) is not None)
    return out


def _base_name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else ""


def _method(types: Types, frame: Frame) -> str:
    node = frame.node
    while frame.parent is not None and not isinstance(frame.parent.node, ast.ClassDef):
        frame = frame.parent
        node = frame.node
    return getattr(node, "name", "")


def _is_none(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is None
