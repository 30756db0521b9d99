"""The Python engine's guard: output that does not parse, or that differs from the input anywhere but
in the intended edits, is never written.

Call rules edit text spans. Each edit also carries an *action*: the same change made to the input's
``ast`` tree (a keyword renamed, removed or added, a value replaced). After the text edits the output
is parsed, and every top-level statement that holds an edit must equal, node for node, the input's
statement with the actions applied; the statement count must not change, and the statements between
are byte-identical text by construction. The tree parsed here is handed on to the next rule.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from cfgmigrate.engines.python.parsed import Parsed

Action = Callable[[], None]


class GuardError(ValueError):
    """The output would not parse, or would differ from the intended edit; ``line`` is in the input."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def checked(before: Parsed, text: str, actions: Iterable[Action], edited: Iterable[int]) -> Parsed:
    """The parsed output, once it matches ``before`` with ``actions`` applied (``edited``: input offsets)."""
    try:
        after = Parsed(text)
    except (SyntaxError, ValueError) as e:
        line = getattr(e, "lineno", None) or 0
        raise GuardError(line, f"refused: the edited file would not parse ({_why(e)} at line {line} of the output)") from e
    for action in actions:
        action()
    _Comparison(before, after, sorted(edited)).bodies(before.tree.body, after.tree.body, 0)
    return after


class _Comparison:
    """Input (with the actions applied) against output, statement by statement: a statement without an
    edit must be the same text (so the same tree), one with an edit the same tree, descending into
    blocks so that only the statements that hold an edit are compared node for node."""

    def __init__(self, before: Parsed, after: Parsed, edited: list[int]) -> None:
        self.before, self.after, self.edited = before, after, edited

    def bodies(self, old: list[Any], new: list[Any], line: int) -> None:
        if len(old) != len(new):
            raise GuardError(line or (old[0].lineno if old else 0), "refused: the edits would change the file's statements")
        for a, b in zip(old, new, strict=True):
            self.node(a, b)

    def node(self, a: ast.AST, b: ast.AST) -> None:
        span = self._span(a, self.before)
        if span is not None and not self._holds_edit(span):
            if self.before.text[span[0] : span[1]] != (self._text(b) or ""):
                raise GuardError(getattr(a, "lineno", 0), "refused: the edits would change the file's statements")
            return
        if type(a) is not type(b):
            raise GuardError(getattr(a, "lineno", 0), "refused: the edited code does not read back as the intended edit")
        for name in a._fields:
            x, y = getattr(a, name, None), getattr(b, name, None)
            if isinstance(x, list) and x and isinstance(x[0], (ast.stmt, ast.excepthandler, ast.match_case)):
                self.bodies(x, y if isinstance(y, list) else [], getattr(a, "lineno", 0))
            elif not same(x, y):
                raise GuardError(getattr(a, "lineno", 0), "refused: the edited code does not read back as the intended edit")

    def _span(self, node: ast.AST, parsed: Parsed) -> tuple[int, int] | None:
        if not hasattr(node, "lineno") or getattr(node, "end_lineno", None) is None:
            return None
        first = min([node, *getattr(node, "decorator_list", ())], key=lambda n: (n.lineno, n.col_offset))
        return parsed.at.start(first), parsed.at.end(node)

    def _text(self, node: ast.AST) -> str | None:
        span = self._span(node, self.after)
        return None if span is None else self.after.text[span[0] : span[1]]

    def _holds_edit(self, span: tuple[int, int]) -> bool:
        i = bisect_left(self.edited, span[0])
        return i < len(self.edited) and self.edited[i] <= span[1]


def checked_rewrite(before: Parsed, text: str, bound_class: str | None, renamed: tuple[str, ...]) -> Parsed:
    """The parsed output of a libcst rewrite, once every top-level statement but the bound class and
    the imports is unchanged, up to the ``renamed`` names (a rename followed through the code)."""
    try:
        after = Parsed(text)
    except (SyntaxError, ValueError) as e:
        line = getattr(e, "lineno", None) or 0
        raise GuardError(line, f"refused: the edited file would not parse ({_why(e)} at line {line} of the output)") from e
    old, new = _outside(before.tree, bound_class), _outside(after.tree, bound_class)
    if len(old) != len(new):
        raise GuardError(0, "refused: the edits would change the file's statements")
    for a, b in zip(old, new, strict=True):
        if not same(a, b, renamed):
            raise GuardError(a.lineno, "refused: the edit changed code it is not about")
    return after


def _outside(tree: ast.Module, bound_class: str | None) -> list[ast.stmt]:
    return [
        s
        for s in tree.body
        if not isinstance(s, (ast.Import, ast.ImportFrom)) and not (isinstance(s, ast.ClassDef) and s.name == bound_class)
    ]


def same(a: Any, b: Any, alike: tuple[str, ...] = ()) -> bool:
    """Whether two trees are equal node for node (positions aside); the names in ``alike`` count as one."""
    stack: list[tuple[Any, Any]] = [(a, b)]
    while stack:
        x, y = stack.pop()
        if isinstance(x, ast.AST):
            if type(x) is not type(y):
                return False
            stack.extend((getattr(x, f, None), getattr(y, f, None)) for f in x._fields)
        elif isinstance(x, list):
            if not isinstance(y, list) or len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif type(x) is not type(y) or (x != y and not (x in alike and y in alike)):
            return False
    return True


def _why(e: Exception) -> str:
    return str(getattr(e, "msg", "") or e)


# -- actions: the edits as changes to the input's tree ---------------------------------------


def literal(value: Any) -> ast.expr:
    """The tree of a plain value as Python parses its source (``-1`` is a negated ``1``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return ast.UnaryOp(ast.USub(), literal(-value))
    if isinstance(value, list):
        return ast.List([literal(v) for v in value], ast.Load())
    if isinstance(value, dict):
        return ast.Dict([literal(k) for k in value], [literal(v) for v in value.values()])
    return ast.Constant(value)


def rename_keyword(kw: ast.keyword, new: str) -> Action:
    def act() -> None:
        kw.arg = new

    return act


def remove_keyword(call: ast.Call, kw: ast.keyword) -> Action:
    def act() -> None:
        call.keywords = [k for k in call.keywords if k is not kw]

    return act


def add_keyword(call: ast.Call, name: str, value: Any, node: ast.expr | None = None) -> Action:
    """The keyword with a plain value, or with ``node`` (an expression's tree) when one is given."""

    def act() -> None:
        call.keywords.append(ast.keyword(name, node if node is not None else literal(value)))

    return act


def replace_value(kw: ast.keyword, make: Callable[[ast.expr], ast.expr]) -> Action:
    def act() -> None:
        kw.value = make(kw.value)

    return act


def set_string(node: ast.Constant, new: str) -> Action:
    def act() -> None:
        node.value, node.kind = new, None

    return act
