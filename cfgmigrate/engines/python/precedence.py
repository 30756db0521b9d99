"""Python's operator precedence, for expressions that an edit moves into a new position.

The levels follow the table of the language reference ("Operator precedence"), lowest first. An
expression keeps its meaning in a position when its own level is at least the level that the
position's grammar asks for; otherwise it must be parenthesized there.
"""

from __future__ import annotations

import ast
import enum


class Level(enum.IntEnum):
    NAMED = enum.auto()  # w := x
    TUPLE = enum.auto()  # a, b (unparenthesized)
    YIELD = enum.auto()  # yield x, yield from x
    TEST = enum.auto()  # lambda: x, x if c else y
    OR = enum.auto()
    AND = enum.auto()
    NOT = enum.auto()
    COMPARE = enum.auto()
    ATOM = enum.auto()  # everything that binds tighter: operators, await, calls, names, literals


_LEVELS: dict[type[ast.AST], Level] = {
    ast.NamedExpr: Level.NAMED,
    ast.Tuple: Level.TUPLE,
    ast.Yield: Level.YIELD,
    ast.YieldFrom: Level.YIELD,
    ast.Lambda: Level.TEST,
    ast.IfExp: Level.TEST,
    ast.Compare: Level.COMPARE,
}


def level(node: ast.expr) -> Level:
    """The precedence level of an expression as written without parentheses around it."""
    if isinstance(node, ast.BoolOp):
        return Level.OR if isinstance(node.op, ast.Or) else Level.AND
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return Level.NOT
    return _LEVELS.get(type(node), Level.ATOM)


def needs_parentheses_as_condition(node: ast.expr, source: str) -> bool:
    """Whether ``source`` (the text of ``node``) must be parenthesized as ``... if SOURCE else ...``.

    The condition of a conditional expression is a disjunction (``or`` level). A tuple's text from
    ``ast`` already carries its parentheses (an unparenthesized tuple cannot be a keyword value).
    """
    if isinstance(node, ast.Tuple) and source.startswith("("):
        return False
    return level(node) < Level.OR
