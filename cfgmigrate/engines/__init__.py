"""The engine table: which engine handles which kind of file."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

# suffix -> "module:attribute" of the engine object; imported only when a file needs it
ENGINE_TABLE: dict[str, str] = {
    ".yaml": "cfgmigrate.engines.yaml_engine:ENGINE",
    ".yml": "cfgmigrate.engines.yaml_engine:ENGINE",
    ".json": "cfgmigrate.engines.json_engine:ENGINE",
    ".py": "cfgmigrate.engines.python:ENGINE",
}


def suffix_of(relpath: str) -> str:
    dot = relpath.rfind(".")
    return relpath[dot:].lower() if dot > relpath.rfind("/") else ""


def has_engine(relpath: str) -> bool:
    return suffix_of(relpath) in ENGINE_TABLE


@cache
def engine_for_suffix(suffix: str) -> Any:
    module, attr = ENGINE_TABLE[suffix].split(":")
    return getattr(importlib.import_module(module), attr)


def engine_for(relpath: str) -> Any:
    return engine_for_suffix(suffix_of(relpath))


def all_engines() -> list[Any]:
    seen: dict[str, Any] = {}
    for suffix in ENGINE_TABLE:
        engine = engine_for_suffix(suffix)
        seen.setdefault(engine.name, engine)
    return list(seen.values())
