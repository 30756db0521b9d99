"""Configs into their classes: strict pydantic validation of a config section against the user's
dataclass or pydantic model, every problem reported at the config file's line.

The user's module is imported (from its file, with the project root on ``sys.path``) only when a
class from it is asked for. Validation runs in pydantic's strict JSON mode, which is what a config
file is: a section must provide every required field and no unknown key (nested dataclasses too),
and ``'False'`` is not a bool, while the conversions every YAML/JSON loader relies on still hold
(a string into a ``Path`` or an ``Enum`` by value, a list into a ``tuple``, an int into a float).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from cfgmigrate.verify.report import VerifyItem

# arbitrary types (a torch.dtype field) are checked with isinstance instead of refusing the class
STRICT = {"strict": True, "extra": "forbid", "arbitrary_types_allowed": True}
MISSING = ("missing", "missing_argument", "missing_keyword_only_argument", "missing_positional_only_argument")
UNKNOWN = ("extra_forbidden", "unexpected_keyword_argument", "unexpected_positional_argument")


class ClassLoadError(Exception):
    """The class named by ``file.py::Class`` cannot be imported."""


def load_class(root: Path, ref: str) -> type:
    """The class ``ref`` (``relative/file.py::Class``) from the user's project at ``root``."""
    relpath, sep, name = ref.partition("::")
    if not sep or not name:
        raise ClassLoadError(f"{ref}: a class is named as FILE.py::Class")
    module = import_module_file(root, relpath)
    cls = getattr(module, name, None)
    if not isinstance(cls, type):
        raise ClassLoadError(f"{relpath} has no class {name}")
    return cls


def import_module_file(root: Path, relpath: str) -> ModuleType:
    """The module of ``relpath``, imported as Python would from the project root: by its dotted
    name (``src/`` layouts from ``src``), so that its package ``__init__`` files run first and its
    relative imports resolve; a module changed since its import is imported again."""
    path = (root / relpath).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ClassLoadError(f"{relpath}: outside the project root {root}: only the project's own code is imported (--root)")
    if not path.is_file():
        raise ClassLoadError(f"{relpath}: no such Python file")
    base, module_name = import_name(root.resolve(), path)
    stamp = path.stat().st_mtime_ns
    cached = sys.modules.get(module_name)
    if cached is not None and getattr(cached, "__cfgmigrate_stamp__", stamp) != stamp:
        _forget_project_modules(root.resolve())
    _forget_namesakes(module_name, base)
    entries = [str(base), str(root.resolve())]
    sys.path[:0] = entries
    try:
        module = importlib.import_module(module_name)
    except Exception as e:  # the user's module failed to import: say how
        raise ClassLoadError(f"{relpath}: import failed: {type(e).__name__}: {e}") from None
    finally:
        for entry in entries:
            sys.path.remove(entry)
    if getattr(module, "__file__", None) != str(path):
        raise ClassLoadError(f"{relpath}: importing {module_name} gave {getattr(module, '__file__', '?')} instead")
    module.__cfgmigrate_stamp__ = stamp  # type: ignore[attr-defined]
    return module


def import_module_named(root: Path, name: str) -> ModuleType:
    """A module by its dotted name, imported with the project root (and ``src/``) on the path."""
    entries = [str(root.resolve()), str(root.resolve() / "src")]
    sys.path[:0] = entries
    try:
        return importlib.import_module(name)
    except Exception as e:  # the user's module failed to import: say how
        raise ClassLoadError(f"{name}: import failed: {type(e).__name__}: {e}") from None
    finally:
        for entry in entries:
            sys.path.remove(entry)


def import_name(root: Path, path: Path) -> tuple[Path, str]:
    """(the ``sys.path`` entry, the dotted module name) of a file of the project."""
    base = root / "src" if path.is_relative_to(root / "src") else root
    if not path.is_relative_to(base):
        base = path.parent
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return base, ".".join(parts)


def _forget_namesakes(module_name: str, base: Path) -> None:
    """Drop modules of the same dotted names imported from another project (``cfgs.model``)."""
    parts = module_name.split(".")
    for i in range(1, len(parts) + 1):
        module = sys.modules.get(".".join(parts[:i]))
        places = [getattr(module, "__file__", None), *getattr(module, "__path__", [])] if module else []
        if module is not None and not any(p and Path(p).is_relative_to(base) for p in places):
            prefix = ".".join(parts[:i])
            for name in [n for n in sys.modules if n == prefix or n.startswith(prefix + ".")]:
                del sys.modules[name]
            return


def _forget_project_modules(root: Path) -> None:
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).is_relative_to(root):
            del sys.modules[name]


def strict_validator(cls: type) -> Any:
    """A pydantic ``TypeAdapter`` that validates like ``cls``, strictly, forbidding unknown keys.

    The user's class is never modified: a subclass carries the strict configuration (pydantic
    hands a dataclass's ``__pydantic_config__`` down to the plain dataclasses nested in it)."""
    from pydantic import BaseModel, TypeAdapter

    if issubclass(cls, BaseModel):
        strict_cls: type = type(cls.__name__, (cls,), {"model_config": {**cls.model_config, **STRICT}})
    elif dataclasses.is_dataclass(cls):
        strict_cls = dataclasses.dataclass(type(cls.__name__, (cls,), {"__pydantic_config__": STRICT}))
    else:
        raise ClassLoadError(f"{cls.__name__} is neither a dataclass nor a pydantic model")
    return TypeAdapter(strict_cls)


def problems(data: Any, cls: type) -> list[tuple[tuple[Any, ...], str]]:
    """(location inside the section, message) for every way ``data`` does not fit ``cls``."""
    from pydantic import PydanticUserError, ValidationError

    try:
        validator = strict_validator(cls)
    except (PydanticUserError, NameError) as e:  # an annotation pydantic cannot build a validator for
        raise ClassLoadError(f"{cls.__name__}: cannot validate against it: {str(e).splitlines()[0]}") from None
    try:
        validator.validate_json(json.dumps(data, default=str))
    except ValidationError as e:
        return [(tuple(err["loc"]), _message(err)) for err in e.errors()]
    return []


def _message(err: Any) -> str:
    if err["type"] in UNKNOWN:
        return "unknown key: the class has no such field"
    if err["type"] in MISSING:
        return "missing: a required field that the config does not provide"
    if not err["loc"]:  # the class itself refused the values (__post_init__, a model validator)
        return str(err["msg"])
    if err["type"] == "needs_python_object":  # an arbitrary type (torch.dtype): text cannot be one
        return (
            f"the field holds a Python object, which a config file cannot give (got {err['input']!r}, as such an object prints)"
        )
    return f"{err['msg']} (got {err['input']!r})"


def verify_config(root: Path, config: Path, ref: str, section: str | None) -> VerifyItem:
    """Load one config file (or section) into the class ``ref``; every problem with its line."""
    from cfgmigrate.verify.documents import load_with_lines, section_of

    name = config.relative_to(root) if config.is_relative_to(root) else config
    item = VerifyItem("config", f"{name}{f'::{section}' if section else ''} -> {ref.rpartition('::')[2]}")
    started = time.perf_counter()
    try:
        if not config.resolve().is_relative_to(root.resolve()):
            raise ValueError(f"{config}: outside the project root {root}: configs are read from the project (--root)")
        cls = load_class(root, ref)
        data, lines = load_with_lines(config)
        data, base = section_of(data, section)
        found = problems(data, cls)
    except (ClassLoadError, ValueError, OSError) as e:
        found, item.reason = [], str(e)
    for loc, message in found:
        line = _line_of(lines, base + loc, base)
        item.problems.append(f"{name}:{line}: {'.'.join([cls.__name__, *map(str, loc)])}: {message}")
    item.ok = not item.problems and not item.reason
    item.reason = item.reason or ("loads" if item.ok else f"{len(found)} problem{'s' * (len(found) > 1)}")
    item.seconds = time.perf_counter() - started
    return item


def _line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...], base: tuple[Any, ...]) -> int:
    """The line of the key at ``loc``, else of its nearest enclosing key (a missing field's section)."""
    for end in range(len(loc), len(base) - 1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
