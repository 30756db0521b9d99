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
import importlib.util
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
    module = _import_file(root, relpath)
    cls = getattr(module, name, None)
    if not isinstance(cls, type):
        raise ClassLoadError(f"{relpath} has no class {name}")
    return cls


def _import_file(root: Path, relpath: str) -> ModuleType:
    path = (root / relpath).resolve()
    if not path.is_file():
        raise ClassLoadError(f"{relpath}: no such Python file")
    # a dotted name from the project root, so that the module's own relative imports resolve
    module_name = ".".join(Path(relpath).with_suffix("").parts)
    stamp = path.stat().st_mtime_ns
    cached = sys.modules.get(module_name)
    if getattr(cached, "__file__", None) == str(path) and getattr(cached, "__cfgmigrate_stamp__", None) == stamp:
        return cached  # type: ignore[return-value]
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None  # a .py file always has a source loader
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(root))
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # the user's module failed to import: say how
        sys.modules.pop(module_name, None)
        raise ClassLoadError(f"{relpath}: import failed: {type(e).__name__}: {e}") from None
    finally:
        sys.path.remove(str(root))
    module.__cfgmigrate_stamp__ = stamp  # type: ignore[attr-defined]
    return module


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
    return f"{err['msg']} (got {err['input']!r})"


def verify_config(root: Path, config: Path, ref: str, section: str | None) -> VerifyItem:
    """Load one config file (or section) into the class ``ref``; every problem with its line."""
    from cfgmigrate.verify.documents import load_with_lines, section_of

    name = config.relative_to(root) if config.is_relative_to(root) else config
    item = VerifyItem("config", f"{name}{f'::{section}' if section else ''} -> {ref.rpartition('::')[2]}")
    started = time.perf_counter()
    try:
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
