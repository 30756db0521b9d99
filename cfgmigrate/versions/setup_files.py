"""``setup.cfg`` (``[options] install_requires`` and ``[options.extras_require]``) and literal
``install_requires``/``extras_require`` in ``setup.py``, read through ``ast`` (never run)."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

from cfgmigrate.versions.model import Pin
from cfgmigrate.versions.requirement import pin_from_requirement
from cfgmigrate.versions.textlines import line_of

SETUP_KEYWORDS = ("install_requires", "extras_require", "setup_requires", "tests_require")


def read_setup_cfg(root: Path, relpath: str, wanted: frozenset[str]) -> list[Pin]:
    try:
        text = (root / relpath).read_text(encoding="utf-8")
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(text)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return []
    values = [parser.get("options", "install_requires", fallback="")]
    if parser.has_section("options.extras_require"):
        values += [v for _, v in parser.items("options.extras_require")]
    pins, offset = [], 0
    for value in values:
        for item in (s.split("#")[0].strip() for s in value.splitlines()):
            line = line_of(text, item, offset) if item else 0
            pin = pin_from_requirement(item, relpath, line, "setup.cfg", wanted) if item else None
            pins += [pin] if pin else []
    return pins


def read_setup_py(root: Path, relpath: str, wanted: frozenset[str]) -> list[Pin]:
    try:
        tree = ast.parse((root / relpath).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    names = _module_assignments(tree)
    pins = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_setup(n.func)):
        for kw in call.keywords:
            if kw.arg in SETUP_KEYWORDS:
                for node in _strings(names.get(kw.value.id, kw.value) if isinstance(kw.value, ast.Name) else kw.value, names):
                    pin = pin_from_requirement(str(node.value), relpath, node.lineno, "setup.py", wanted)
                    pins += [pin] if pin else []
    return pins


def _is_setup(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "setup") or (isinstance(func, ast.Attribute) and func.attr == "setup")


def _module_assignments(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = <literal>`` (a list of requirements kept in a variable)."""
    out: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            out[stmt.targets[0].id] = stmt.value
    return out


def _strings(node: ast.expr, names: dict[str, ast.expr]) -> list[ast.Constant]:
    """The string constants of a literal list/tuple/dict (values), following names one level."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Name) and node.id in names:
        return _strings(names[node.id], {})
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [s for item in node.elts for s in _strings(item, names)]
    if isinstance(node, ast.Dict):
        return [s for value in node.values for s in _strings(value, names)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _strings(node.left, names) + _strings(node.right, names)
    return []
