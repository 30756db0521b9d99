"""Which program an invocation runs, and whether a rule's ``programs`` patterns name it.

A program is identified by what it is made of, read without importing it: its module name
(``python -m pkg.mod``), its path in the project, and the qualified names its source imports or
uses (``transformers.HfArgumentParser``, through ``import transformers`` or ``from transformers
import HfArgumentParser as P``). A pattern is a shell-style glob over any of them.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase

from cfgmigrate.engines.shell.commands import Invocation


def candidates(invocation: Invocation, shell_relpath: str) -> list[str]:
    """Project paths the program may live at, most likely first (a script path is taken relative to
    the project root, as launch scripts are usually run from there, then to the script's folder)."""
    if invocation.module:
        base = invocation.module.replace(".", "/")
        return [f"{prefix}{base}{tail}" for prefix in ("", "src/") for tail in (".py", "/__main__.py")]
    path = invocation.script
    if "$" in path or path.startswith(("/", "~")):
        return []
    here = posixpath.dirname(shell_relpath)
    found = [posixpath.normpath(path), posixpath.normpath(posixpath.join(here, path))]
    return list(dict.fromkeys(p for p in found if not p.startswith("..")))


def resolve(invocation: Invocation, shell_relpath: str, read: Callable[[str], str | None]) -> tuple[str, str] | None:
    """The program's project path and source, or None when it is not in the project."""
    for relpath in candidates(invocation, shell_relpath):
        source = read(relpath)
        if source is not None:
            return relpath, source
    return None


DIRECT = "="  # before a name the program's own source references (not one a module it imports does)
MAX_MODULES = 20  # project modules followed from one program (its argument parser may live in one)


def program_names(relpath: str, source: str, read: Callable[[str], str | None]) -> frozenset[str]:
    """The names the program references, with those of the project modules it imports (a
    ``train_mem.py`` that calls ``fastchat.train.train.train`` parses that module's arguments)."""
    names: set[str] = set()
    todo, seen = [(relpath, source)], {relpath}
    while todo and len(seen) <= MAX_MODULES:
        path, text = todo.pop()
        found = referenced_names(text)
        names |= found
        if path == relpath:  # the program's own references, also as ``=name`` (what it calls itself)
            names |= {DIRECT + n for n in found}
        for module_path in _project_modules(found, read, seen):
            seen.add(module_path[0])
            todo.append(module_path)
    return frozenset(names)


def _project_modules(names: Iterable[str], read: Callable[[str], str | None], seen: set[str]) -> list[tuple[str, str]]:
    """The project files that define the longest module prefix of each name (not yet seen)."""
    out = []
    for name in sorted(names):
        parts = name.split(".")
        paths = (p for n in range(len(parts), 0, -1) for p in (f"{'/'.join(parts[:n])}.py", f"{'/'.join(parts[:n])}/__init__.py"))
        for relpath in paths:
            source = read(relpath)
            if source is not None:
                if relpath not in seen:
                    out.append((relpath, source))
                    seen.add(relpath)
                break
    return out


def referenced_names(source: str) -> frozenset[str]:
    """Qualified names the module imports or reaches through an imported name."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:  # `import a.b` binds a; `import a.b as c` binds c to a.b
                head = a.name.split(".")[0]
                aliases[a.asname or head] = a.name if a.asname else head
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    names = set(aliases.values())
    for node in ast.walk(tree):
        dotted = _dotted(node)
        if dotted and dotted[0] in aliases:
            names.add(".".join((aliases[dotted[0]], *dotted[1:])))
    return frozenset(names)


def _dotted(node: ast.AST) -> tuple[str, ...]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id, *reversed(parts)) if isinstance(node, ast.Name) and parts else ()


def named_by(patterns: Iterable[str], module: str, relpath: str, names: Iterable[str]) -> bool:
    """Whether any pattern matches the program's module name, its path or a name it references."""
    keys = [k for k in (module, relpath, *names) if k]
    return any(fnmatchcase(k, p) for p in patterns for k in keys)
