"""Which expressions hold an object of a known type: the inference behind ``receivers:`` rules.

A rule names its receivers as globs over a class's qualified name (``transformers.PretrainedConfig``,
``transformers.*Config``) or as ``*.ATTR`` (``*.config``: the attribute ``config`` of any object,
``model.config``); a bound ``schema:`` class is a receiver of its own rules. An expression is known
to hold one when it is

- ``X(...)`` or ``X.from_pretrained(...)`` (``from_dict``, ``from_json_file``) where ``X`` resolves
  through the module's imports to a listed class, or is a class of the same file whose bases do and
  whose body never names the attribute itself;
- an attribute named by a ``*.ATTR`` entry;
- a name annotated with such a class (``config: LlamaConfig``, ``Optional[...]``, ``X | None``);
- a name unpacked from ``parser.parse_args_into_dataclasses()`` (``parse_args_and_config``,
  ``parse_dict``, ``parse_yaml_file``, ``parse_json_file``) where ``parser = HfArgumentParser((A, B, C))``
  puts such a class at that position;
- a name every binding of which (in its function, Python's scoping) is one of the above.

A name bound both to a receiver and to something else is *unsure*: the caller reports it rather than
editing it. Nothing is imported; only the module's own text is read.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from fnmatch import fnmatchcase

from cfgmigrate.engines.python import factories, fixtures, members
from cfgmigrate.engines.python.kinds import NO, Kind, annotation_options, combine, sets
from cfgmigrate.engines.python.scopes import Binding, Frame, Model

CONSTRUCTORS = ("from_pretrained", "from_dict", "from_json_file", "for_model")
PARSE_METHODS = ("parse_args_into_dataclasses", "parse_args_and_config", "parse_dict", "parse_yaml_file", "parse_json_file")


class Types:
    """Answers "does this expression hold a receiver?" for one rule over one module."""

    def __init__(
        self,
        model: Model,
        patterns: tuple[str, ...],
        bound: Callable[[str], bool] | None = None,
        project: factories.Factories | None = None,
        callers: Mapping[str, tuple[str, str]] | None = None,
        relpath: str = "",
    ) -> None:
        self.model = model
        self.factories = project or {}
        self.callers, self.relpath = callers or {}, relpath  # callers.py's verdicts for this rule
        self.attributes = {p[2:] for p in patterns if _is_attribute_pattern(p)}
        self.classes = tuple(p for p in patterns if not _is_attribute_pattern(p))
        self.bound = bound

    def kind(self, node: ast.expr, frame: Frame, seen: frozenset[int] = frozenset()) -> Kind:
        if isinstance(node, ast.Attribute):
            if node.attr in self.attributes:
                return Kind("yes", f"`.{node.attr}` (receivers: *.{node.attr})")
            cls = self.owner(node.value, frame, "self")
            return members.kind(self, cls, node.attr, seen) if cls is not None else NO
        if isinstance(node, ast.Call) and _is_getattr(node):  # getattr(cfg, "text_config", cfg)
            name = node.args[1].value  # type: ignore[attr-defined]
            if name not in self.attributes:
                return NO
            fallback = self.kind(node.args[2], frame, seen) if len(node.args) > 2 else Kind("yes", "")
            return Kind("yes", f"`.{name}` (receivers: *.{name})") if fallback.verdict == "yes" else NO
        if isinstance(node, ast.Call):
            return self._constructed(node, frame)
        if isinstance(node, ast.Name):
            return self._name(node.id, frame, seen)
        if isinstance(node, ast.IfExp):
            return combine([self.kind(node.body, frame, seen), self.kind(node.orelse, frame, seen)], "")
        if isinstance(node, ast.NamedExpr):
            return self.kind(node.value, frame, seen)
        return NO

    def _name(self, name: str, frame: Frame, seen: frozenset[int]) -> Kind:
        bindings = self.model.lookup(name, frame)
        if not bindings:
            return NO
        kinds = []
        for b in bindings:
            if id(b) in seen:
                continue
            kinds.append(self._binding(b, seen | {id(b)}))
        if not kinds:
            return NO
        return combine(kinds, name)

    def _binding(self, b: Binding, seen: frozenset[int]) -> Kind:
        if b.owner is not None:
            return self.instance_of(b.owner[0]) if b.owner[1] == "self" else NO
        if b.annotation is not None:
            return self._annotation(b.annotation)
        if b.param is not None:
            return self._passed(*b.param, seen)
        if b.value is None or b.frame is None:
            return NO
        if b.item is not None:
            return self._unpacked(b.value, b.item, b.frame, seen)
        return self.kind(b.value, b.frame, seen)

    def _passed(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, position: int | None, name: str, seen: frozenset[int]) -> Kind:
        """An unannotated parameter: what every call in the project passes it (``callers.py``, for the
        parameters read in other files' calls), else, for a module-level function, every call in this file."""
        settled = self.callers.get(f"{self.relpath}::{self.model.qualname(fn)}::{name}")
        if settled is not None:
            return Kind(*settled)
        fixture = fixtures.fixture_for(self.model, fn, name)
        if fixture is not None:
            return self._fixture(fixture, seen)
        if id(fn) in self.model.methods:
            return NO
        calls = [
            (c, f)
            for c, f in self.model.calls.get(fn.name, [])
            if self.model.lookup(fn.name, f) is self.model.module.bindings.get(fn.name)
        ]
        if not calls or len(self.model.module.bindings.get(fn.name, [])) != 1:
            return NO
        kinds = [self._argument(call, frame, position, name, seen) for call, frame in calls]
        if self.model.loads.get(fn.name, 0) > len(calls):
            kinds.append(Kind("unsure", f"{fn.name} is also used other than by a call"))
        kind = combine(kinds, name)
        return Kind("yes", f"{kind.what} at every call of {fn.name}() in this file") if kind.verdict == "yes" else kind

    def _fixture(self, fixture: ast.FunctionDef | ast.AsyncFunctionDef, seen: frozenset[int]) -> Kind:
        """What a pytest fixture of this file returns (or yields), on every path."""
        if id(fixture) in seen:
            return NO
        frame = self.model.frames[id(fixture)]
        values = [*frame.returns, *frame.yields]
        if not values or any(v is None for v in values):
            return NO
        kind = combine([self.kind(v, frame, seen | {id(fixture)}) for v in values if v is not None], "")
        return Kind("yes", f"{kind.what} (the fixture {fixture.name}())") if kind.verdict == "yes" else kind

    def _argument(self, call: ast.Call, frame: Frame, position: int | None, name: str, seen: frozenset[int]) -> Kind:
        keyword = next((k.value for k in call.keywords if k.arg == name), None)
        if keyword is not None:
            return self.kind(keyword, frame, seen)
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return Kind("unsure", f"a call of the function splats its arguments (line {call.lineno})")
        if position is not None and position < len(call.args):
            return self.kind(call.args[position], frame, seen)
        return NO

    def _constructed(self, call: ast.Call, frame: Frame) -> Kind:
        func = call.func
        cls = func.value if isinstance(func, ast.Attribute) and func.attr in CONSTRUCTORS else func
        owner = self._own_class(cls, frame)  # cls(...), cls.from_pretrained(...), type(self)(...)
        return self.instance_of(owner) if owner is not None else self.is_class(cls, frame)

    def _own_class(self, node: ast.expr, frame: Frame) -> ast.ClassDef | None:
        """The enclosing class, where ``node`` is a classmethod's ``cls`` or ``type(self)``."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" and len(node.args) == 1:
            if self.model.denotes("type", frame) == "" and not self.model.lookup("type", frame):
                return self.owner(node.args[0], frame, "self")
            return None
        return self.owner(node, frame, "cls")

    def owner(self, node: ast.expr, frame: Frame, role: str) -> ast.ClassDef | None:
        """The class of which ``node`` is a method's ``self`` (or ``cls``): its only binding says so."""
        if not isinstance(node, ast.Name):
            return None
        bindings = self.model.lookup(node.id, frame)
        if len(bindings) != 1 or bindings[0].owner is None or bindings[0].owner[1] != role:
            return None
        return bindings[0].owner[0]

    def is_class(self, node: ast.expr, frame: Frame) -> Kind:
        """Whether ``node`` names a receiver class: listed, bound, or a same-file subclass of one."""
        return self.classnamed(self.model.qualified(node, frame))

    def classnamed(self, name: str, seen: frozenset[str] = frozenset()) -> Kind:
        """A qualified class name: listed, bound, or a class of this file whose bases are (one that
        sets the attribute itself is *unsure*: its own attribute is not the library's)."""
        if not name:
            return NO
        if self._listed(name):
            return Kind("yes", name)
        local = self.model.classes.get(name)
        return self.instance_of(local, seen | {name}) if local is not None and name not in seen else NO

    def instance_of(self, cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> Kind:
        """What an instance of a class of this file is (a method's ``self``)."""
        if self._listed(cls.name) and self.model.classes.get(cls.name) is cls:
            return Kind("yes", cls.name)
        bases = [self.classnamed(self.model.qualified(b, self.model.module), seen) for b in cls.bases]
        base = next((k for k in bases if k.verdict == "yes"), None)
        unsure = next((k for k in bases if k.verdict == "unsure"), None)
        if unsure is not None:
            return unsure
        if base is None:
            return NO
        if sets(cls, self.model.name):
            return Kind(
                "unsure",
                f"{cls.name}, a subclass of {base.what}, sets {self.model.name} itself (its own attribute, not the library's)",
            )
        return Kind("yes", f"{cls.name} ({base.what})")

    def _listed(self, qualified: str) -> bool:
        if any(fnmatchcase(qualified, p) for p in self.classes):
            return True
        return self.bound is not None and self.bound(qualified)

    def _annotation(self, node: ast.expr) -> Kind:
        options = [o for o in annotation_options(node) if not (isinstance(o, ast.Constant) and o.value is None)]
        kinds = [self.is_class(o, self.model.module) for o in options]
        if kinds and all(k.verdict == "yes" for k in kinds):
            return kinds[0]
        if any(k.verdict == "yes" for k in kinds):
            return Kind("unsure", "its annotation also admits other types")
        return NO

    def _unpacked(self, value: ast.expr, item: tuple[int, int], frame: Frame, seen: frozenset[int]) -> Kind:
        """``a, b, c = parser.parse_args_into_dataclasses()`` with ``parser = HfArgumentParser((A, B, C))``
        (or a factory's parser: ``parser = make_parser()``)."""
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in PARSE_METHODS):
            return NO
        parsers = factories.parser_classes(self.model, value.func.value, frame, self.factories, seen)
        position, count = item
        kinds = [
            self.classnamed(c[position]) if position < len(c) and count in (len(c), len(c) + 1) else NO for c in sorted(parsers)
        ]
        kind = combine(kinds, "") if kinds else NO
        if kind.verdict == "unsure" and len(kinds) > 1:
            known = next(k for k in kinds if k.verdict == "yes")
            return Kind(
                "unsure", f"it is unpacked from a parser built on a {known.what} at its place on one path and not on another"
            )
        return kind


def _is_getattr(call: ast.Call) -> bool:
    return (
        isinstance(call.func, ast.Name)
        and call.func.id == "getattr"
        and len(call.args) >= 2
        and isinstance(call.args[1], ast.Constant)
        and isinstance(call.args[1].value, str)
    )


def _is_attribute_pattern(pattern: str) -> bool:
    """``*.config``: the attribute ``config`` of anything (a lowercase plain name after ``*.``)."""
    return pattern.startswith("*.") and pattern[2:].isidentifier() and not pattern[2].isupper()
