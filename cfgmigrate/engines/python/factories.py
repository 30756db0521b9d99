"""Argument parsers built on dataclasses, and the functions that return them: which classes
``parser.parse_args_into_dataclasses()`` (and its kin) unpacks, by position.

``HfArgumentParser((A, B))``, ``TrlParser(dataclass_types)`` (a name bound once to a tuple) and
``subparsers.add_parser("sft", dataclass_types=(A, B))`` are parsers on ``A, B``. A function whose
every ``return`` gives a parser is a *factory* (trl's ``make_parser()``): a call of it is that
parser, or one of several (one per path) when its returns differ. Factories of this file are read where they are called; those of other
project files come from a table that ``prepare`` builds once per run (:func:`table`), keyed by the
function's qualified name (``trl.scripts.sft.make_parser``), so ``from .scripts.sft import
make_parser`` resolves it. Classes are qualified names through the module's imports (a class of the
defining file is ``module.Name`` in the table). Only ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping

from cfgmigrate.engines.python.scopes import Frame, Model, package_of

Classes = tuple[str, ...]  # qualified class names, by position ('' where an element is not a plain name)
Parsers = frozenset[Classes]  # the parsers an expression may be, one per path (empty: not known to be a parser)
Factories = Mapping[str, Parsers]  # qualified function name -> the parsers it returns
_BUILT = re.compile(r"Parser\(\s*(?:[(\[]|\w+\s*[,)])")  # HfArgumentParser((A, B)), TrlParser(types): the text a factory needs
UNKNOWN: Parsers = frozenset()


def parser_classes(
    model: Model, node: ast.expr, frame: Frame, factories: Factories, seen: frozenset[int] = frozenset()
) -> Parsers:
    """The parsers ``node`` may evaluate to (one per path); empty when any path is not known to be one."""
    if isinstance(node, ast.Name):
        bindings = [b for b in model.lookup(node.id, frame) if id(b) not in seen]
        if not bindings or any(b.value is None or b.frame is None or b.item is not None for b in bindings):
            return UNKNOWN
        return _union(
            [parser_classes(model, b.value, b.frame, factories, seen | {id(b)}) for b in bindings if b.value and b.frame]
        )
    if not isinstance(node, ast.Call):
        return UNKNOWN
    factory = _factory(model, node.func, frame, factories, seen)
    if factory is not None:
        return factory
    spec = next((k.value for k in node.keywords if k.arg == "dataclass_types"), node.args[0] if node.args else None)
    if isinstance(spec, ast.Name):
        bound = [b for b in model.lookup(spec.id, frame) if b.value is not None]
        if len(bound) == 1 and len(model.lookup(spec.id, frame)) == 1 and bound[0].frame is not None:
            spec, frame = bound[0].value, bound[0].frame
    if isinstance(spec, (ast.Tuple, ast.List)) and spec.elts:
        return frozenset({tuple(model.qualified(e, frame) for e in spec.elts)})
    return UNKNOWN


def _union(found: list[Parsers]) -> Parsers:
    return UNKNOWN if not found or any(not f for f in found) else frozenset().union(*found)


def _factory(model: Model, func: ast.expr, frame: Frame, factories: Factories, seen: frozenset[int]) -> Parsers | None:
    """A call of a factory: one of this file (its returns read here) or of the project's table."""
    if isinstance(func, ast.Name) and func.id in model.functions:
        bindings = model.lookup(func.id, frame)
        if bindings is not model.module.bindings.get(func.id) or len(bindings) != 1:
            return None
        node = model.functions[func.id]
        if id(node) in seen:
            return UNKNOWN
        return returned(model, node, factories, seen | {id(node)})
    name = model.qualified(func, frame)
    return factories.get(name) if name else None


def returned(
    model: Model, fn: ast.FunctionDef | ast.AsyncFunctionDef, factories: Factories, seen: frozenset[int] = frozenset()
) -> Parsers:
    """The parsers the ``return`` statements of ``fn`` give (empty unless every one is a parser)."""
    inner = model.frames[id(fn)]
    values = inner.returns
    if not values or any(v is None for v in values):
        return UNKNOWN
    return _union([parser_classes(model, v, inner, factories, seen) for v in values if v is not None])


def module_of(relpath: str) -> str:
    """``trl/scripts/sft.py`` -> ``trl.scripts.sft`` (``src/`` dropped; a package's ``__init__.py`` is the package)."""
    package = package_of(relpath)
    stem = relpath.rsplit("/", 1)[-1].removesuffix(".py")
    return package if stem == "__init__" else ".".join(p for p in (package, stem) if p)


def table(read: Callable[[str], str | None], relpaths: Iterable[str]) -> dict[str, Parsers]:
    """The project's factories, from the files whose text can build a parser (prefiltered on text)."""
    out: dict[str, Parsers] = {}
    for relpath in relpaths:
        if not relpath.endswith(".py"):
            continue
        text = read(relpath)
        if text is None or "return" not in text or not (_BUILT.search(text) or "dataclass_types" in text):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        module = module_of(relpath)
        model = Model(tree, "", package_of(relpath))
        for name, fn in model.functions.items():
            parsers = returned(model, fn, {})
            if parsers:
                out[f"{module}.{name}"] = frozenset(
                    tuple(f"{module}.{c}" if c in model.classes else c for c in p) for p in parsers
                )
    return out
