"""Flags that follow a bound field: a ``rename`` of a field of a class the pack binds in ``schema:``
(a parser dataclass such as trl's ``ModelConfig``, read by ``HfArgumentParser``) also renames the
``--old`` flag where a program that uses the class takes it: the rule gets, as ``programs:``, the
class's qualified names (its module's, and its top-level package's re-export ``trl.ModelConfig``).
The shell, Markdown, Makefile and notebook engines then find those programs as they find any other.
"""

from __future__ import annotations

from dataclasses import replace

from cfgmigrate.ops import Rename, Rule


def class_names(ref: str) -> tuple[str, ...]:
    """``trl/trainer/model_config.py::ModelConfig`` -> its qualified name and the re-export from the top package."""
    relpath, _, name = ref.partition("::")
    parts = relpath.removesuffix(".py").split("/")
    parts = parts[1:] if parts[:1] == ["src"] else parts
    parts = parts[:-1] if parts[-1:] == ["__init__"] else parts
    module = ".".join(parts)
    return tuple(dict.fromkeys((f"{module}.{name}", f"{parts[0]}.{name}"))) if parts else (name,)


def with_bound_programs(rule: Rule, schema: tuple[tuple[str, tuple[str, ...]], ...]) -> Rule:
    """The rule, with the programs that take a bound field's flag added (a plain rename of a field only)."""
    if not isinstance(rule, Rename) or rule.calls or rule.receivers or not rule.path.is_literal:
        return rule
    segments = rule.path.segments
    for prefix, refs in schema:
        parts = tuple(prefix.split(".")) if prefix else ()
        if len(segments) == len(parts) + 1 and segments[: len(parts)] == parts:
            names = tuple(n for ref in refs for n in class_names(ref))
            return replace(rule, programs=tuple(dict.fromkeys((*rule.programs, *names))))
    return rule
