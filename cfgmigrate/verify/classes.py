"""Configs into their classes: strict pydantic validation of a config section against the user's
dataclass or pydantic model, every problem reported at the config file's line.

The user's module is imported (from its file, with the project root on ``sys.path``) only when a
class from it is asked for. Dataclasses become a strict pydantic model of the same fields, so a
section must provide every required field, no unknown key, and values of the declared types
(``'False'`` is not a bool).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import typing
from pathlib import Path
from typing import Any

from cfgmigrate.verify.report import VerifyItem


class ClassLoadError(Exception):
    """The class named by ``file.py::Class`` cannot be imported."""


def load_class(root: Path, ref: str) -> type:
    relpath, name = ref.split("::")
    path = (root / relpath).resolve()
    module_name = ".".join(Path(relpath).with_suffix("").parts)
    cached = sys.modules.get(module_name)
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    if (
        cached is not None
        and getattr(cached, "__file__", None) == str(path)
        and getattr(cached, "__cfgmigrate_stamp__", None) == stamp
    ):
        module = cached
    else:
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None or not path.exists():
            raise ClassLoadError(f"{relpath}: no such Python file")
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(root))
        try:
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            module.__cfgmigrate_stamp__ = stamp  # type: ignore[attr-defined]
        except Exception as e:  # the user's module failed to import: say how
            sys.modules.pop(module_name, None)
            raise ClassLoadError(f"{relpath}: import failed: {type(e).__name__}: {e}") from None
        finally:
            sys.path.remove(str(root))
    cls = getattr(module, name, None)
    if not isinstance(cls, type):
        raise ClassLoadError(f"{relpath} has no class {name}")
    return cls


def strict_model(cls: type) -> Any:
    """A pydantic model that validates like ``cls`` but strictly, forbidding unknown keys."""
    from pydantic import BaseModel, ConfigDict, create_model

    config = ConfigDict(strict=True, extra="forbid")
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return type(cls.__name__, (cls,), {"model_config": {**cls.model_config, **config}})
    if not dataclasses.is_dataclass(cls):
        raise ClassLoadError(f"{cls.__name__} is neither a dataclass nor a pydantic model")
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        annotation = hints[f.name]
        if dataclasses.is_dataclass(annotation):
            annotation = strict_model(annotation)  # type: ignore[arg-type]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        fields[f.name] = (annotation, ... if required else None)
    return create_model(cls.__name__, __config__=config, **fields)


def problems(data: Any, cls: type) -> list[tuple[tuple[Any, ...], str]]:
    """(location inside the section, message) for every way ``data`` does not fit ``cls``."""
    from pydantic import ValidationError

    try:
        strict_model(cls).model_validate(data)
    except ValidationError as e:
        return [(tuple(err["loc"]), _message(err)) for err in e.errors()]
    return []


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key: the class has no such field"
    if err["type"] == "missing":
        return "missing: a required field that the config does not provide"
    return f"{err['msg']} (got {err['input']!r})"


def verify_config(root: Path, config: Path, ref: str, section: str | None) -> VerifyItem:
    """Load one config file (or section) into the class ``ref``; every problem with its line."""
    from cfgmigrate.verify.documents import load_with_lines, section_of

    shown = f"{config.relative_to(root) if config.is_relative_to(root) else config}{f'::{section}' if section else ''} -> {ref.split('::')[1]}"
    item = VerifyItem("config", shown)
    try:
        cls = load_class(root, ref)
        data, lines = load_with_lines(config)
        data, base = section_of(data, section)
    except (ClassLoadError, ValueError, OSError) as e:
        item.reason = str(e)
        return item
    name = config.relative_to(root) if config.is_relative_to(root) else config
    for loc, message in problems(data, cls):
        path = base + loc
        line = lines.get(path) or lines.get(path[:-1]) or lines.get(base) or 1
        field = ".".join([cls.__name__, *map(str, loc)])
        item.problems.append(f"{name}:{line}: {field}: {message}")
    item.ok = not item.problems
    item.reason = "loads" if item.ok else f"{len(item.problems)} problem{'s' if len(item.problems) > 1 else ''}"
    return item
