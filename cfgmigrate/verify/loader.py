"""The project's own loading code as the judge: ``verify --loader MODULE:FUNCTION`` (or
``FILE.py::FUNCTION``, or ``MODULE:Class.method`` with the constructor's arguments named as
importable callables) is called on every config in scope. A failure is reported at the config file
and, when it can be found, at the line of the offending key: the section that lacks a key the code
subscripts (found among the failing frame's local mappings), or a key or value the message names."""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from cfgmigrate.verify.classes import ClassLoadError, import_module_file, import_module_named
from cfgmigrate.verify.documents import load_with_lines
from cfgmigrate.verify.report import VerifyItem

Lines = dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Loader:
    """``call`` names what loads one config path; ``with_`` the constructor arguments of its class."""

    call: str
    with_: dict[str, str] = field(default_factory=dict)


def resolve(root: Path, spec: str) -> Any:
    """The object ``MODULE:attr.path`` or ``FILE.py::attr.path`` names, imported from the project."""
    if "::" in spec:
        file, _, attrs = spec.partition("::")
        module = import_module_file(root, file)
    elif ":" in spec:
        name, _, attrs = spec.partition(":")
        module = import_module_named(root, name)
    else:
        raise ClassLoadError(f"{spec}: name it as MODULE:FUNCTION or FILE.py::FUNCTION")
    target: Any = module
    for attr in attrs.split("."):
        if not hasattr(target, attr):
            raise ClassLoadError(f"{spec}: {type(target).__name__} {getattr(target, '__name__', '')} has no {attr!r}")
        target = getattr(target, attr)
    return target


def build(root: Path, loader: Loader) -> Callable[[str], Any]:
    """The callable that loads one config: a function, or a method of an instance of its class
    (built with ``with_``: each argument an importable class or function called without arguments)."""
    owner_spec, _, method = loader.call.rpartition(".")
    target = resolve(root, loader.call)
    if loader.with_ or _needs_instance(root, owner_spec, method):
        owner = resolve(root, owner_spec)
        arguments = {name: resolve(root, spec)() for name, spec in loader.with_.items()}
        return getattr(owner(**arguments), method)  # type: ignore[no-any-return]
    return target  # type: ignore[no-any-return]


def _needs_instance(root: Path, owner_spec: str, method: str) -> bool:
    if not owner_spec or owner_spec.endswith(":") or (":" not in owner_spec and "::" not in owner_spec):
        return False
    try:
        owner = resolve(root, owner_spec)
    except ClassLoadError:
        return False
    return isinstance(owner, type) and not isinstance(owner.__dict__.get(method), (staticmethod, classmethod))


def verify_with_loader(root: Path, function: Callable[[str], Any], spec: str, config: Path) -> VerifyItem:
    """Run the project's loader on one config; never raises."""
    shown = str(config.relative_to(root) if config.is_relative_to(root) else config)
    item = VerifyItem("loader", f"{shown} -> {spec}")
    started = time.perf_counter()
    try:
        function(str(config))
    except Exception as e:  # noqa: BLE001 - the project's own code refused the config: that is the finding
        item.problems.append(_located(root, config, shown, e))
        item.reason = f"{type(e).__name__}: {_message(e)}"
    else:
        item.ok, item.reason = True, "loads"
    item.seconds = time.perf_counter() - started
    return item


def _message(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _located(root: Path, config: Path, shown: str, error: BaseException) -> str:
    try:
        data, lines = load_with_lines(config)
    except (ValueError, OSError):
        data, lines = None, {}
    raised = _raised_at(root, error.__traceback__)
    where, what = _offending(data, lines, error)
    line = f":{lines.get(where, 0)}" if where is not None and lines.get(where) else ""
    message = f"{type(error).__name__}: {_message(error)}"
    return f"{shown}{line}: {what + ': ' if what else ''}{message}{f' (raised at {raised})' if raised else ''}"


def _offending(data: Any, lines: Lines, error: BaseException) -> tuple[tuple[Any, ...] | None, str]:
    """(location, description) of what the loader refused."""
    if isinstance(error, KeyError) and error.args and isinstance(error.args[0], str):
        key = error.args[0]
        section = _failing_section(data, error.__traceback__, key)
        if section is not None:
            return section, f"{'.'.join(map(str, section)) or '(root)'} has no key {key!r}"
        return None, f"no key {key!r}"
    named = _named_in(str(error), lines, data)
    return (named, ".".join(map(str, named))) if named else (None, "")


def _failing_section(data: Any, tb: TracebackType | None, key: str) -> tuple[Any, ...] | None:
    """The config mapping the failing code subscripted: a local mapping of the innermost project
    frames that lacks ``key`` and equals a section of the config."""
    frames = [frame for frame, _ in traceback.walk_tb(tb)]
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, dict) and key not in value and value:
                found = _find_mapping(data, value, ())
                if found is not None:
                    return found
    return None


def _find_mapping(data: Any, wanted: dict[str, Any], loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
    if isinstance(data, dict):
        if data == wanted:
            return loc
        for key, value in data.items():
            found = _find_mapping(value, wanted, loc + (key,))
            if found is not None:
                return found
    return None


def _named_in(message: str, lines: Lines, data: Any) -> tuple[Any, ...] | None:
    """The deepest config key (or the key of a value) that the error message names."""
    words = set(re.findall(r"[A-Za-z_][\w.\-]*", message))
    by_key = [loc for loc in lines if loc and str(loc[-1]) in words]
    by_value = [loc for loc in lines if isinstance(_at(data, loc), (str, int, float)) and str(_at(data, loc)) in words]
    for found in (by_key, by_value):
        if found:
            return max(found, key=len)
    return None


def _at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _raised_at(root: Path, tb: TracebackType | None) -> str:
    """The innermost frame of the project's own code: ``file.py:LINE``."""
    found = ""
    for frame, line in traceback.walk_tb(tb):
        file = Path(frame.f_code.co_filename)
        if file.is_relative_to(root) and "site-packages" not in file.parts:
            found = f"{file.relative_to(root)}:{line}"
    return found
