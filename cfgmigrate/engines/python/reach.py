"""Whether a retired name in Python code reaches the retired API, for the leftovers pass.

A retired entry with ``calls:`` (``load_in_4bit`` retired as a keyword of
``transformers.*.from_pretrained``) sorts each occurrence of its name in a Python file:

- SURE: a keyword of a call those patterns match (through the imports), or a string that is the
  name alone (``kwargs["torch_dtype"]``, ``{"torch_dtype": ...}``: keys splatted into calls);
- FINE, not reported: a keyword of a call that resolves to something else
  (``BitsAndBytesConfig(load_in_4bit=True)``, where the name is right);
- UNSURE, reported with lower confidence: the project's own parameter, attribute, variable or
  ``--flag``, a keyword of a call no import resolves, a docstring or comment.

Only ``ast``: nothing is imported. A file that does not parse leaves every occurrence SURE.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.resolve import qualified

SURE, UNSURE, FINE = "sure", "unsure", "fine"


@dataclass
class Reach:
    """Offsets of the name's occurrences that a node explains; the rest are UNSURE."""

    at: dict[int, str] = field(default_factory=dict)  # start offset of the name -> SURE or FINE or UNSURE
    strings: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, verdict) of string constants

    def verdict(self, offset: int) -> str:
        if offset in self.at:
            return self.at[offset]
        i = bisect_right(self.strings, (offset, float("inf"), "")) - 1
        if i >= 0 and self.strings[i][0] <= offset < self.strings[i][1]:
            return self.strings[i][2]
        return UNSURE


_ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})


def reach(text: str, name: str, calls: tuple[str, ...], attributes: bool = False) -> Reach | None:
    """How each occurrence of ``name`` in ``text`` stands; None when the text does not parse.
    With ``attributes``, the retired API is an attribute of an object (``config.rope_theta``,
    ``getattr(config, "rope_theta")``): those are SURE, every other occurrence UNSURE."""
    try:
        parsed = Parsed(text)
    except (SyntaxError, ValueError):
        return None
    return _attributes(parsed, name) if attributes else _keywords(parsed, name, calls)


def _attributes(parsed: Parsed, name: str) -> Reach:
    out = Reach()
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Attribute) and node.attr == name:
            out.at[parsed.at.end(node) - len(name)] = SURE
        elif _names_attribute(node, name):
            assert isinstance(node, ast.Call)
            out.strings.append((parsed.at.start(node.args[1]), parsed.at.end(node.args[1]), SURE))
    out.strings.sort()
    return out


def _names_attribute(node: ast.AST, name: str) -> bool:
    """``getattr(config, "rope_theta")`` and its kin."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _ATTRIBUTE_FUNCTIONS):
        return False
    return len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value == name


def _keywords(parsed: Parsed, name: str, calls: tuple[str, ...]) -> Reach:
    out = Reach()
    for scope in parsed.scopes_for(()):
        for call in scope.calls:
            for kw in call.keywords:
                if kw.arg == name:
                    callee = qualified(call.func, parsed.imports, scope)
                    matched = callee is not None and any(fnmatchcase(callee, p) for p in calls)
                    out.at[parsed.at.start(kw)] = SURE if matched else FINE if callee is not None else UNSURE
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and name in node.value:
            start, end = parsed.at.start(node), parsed.at.end(node)
            out.strings.append((start, end, SURE if node.value == name else UNSURE))
    out.strings.sort()
    return out
