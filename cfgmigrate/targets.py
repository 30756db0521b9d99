"""A pack's ``targets:``: the class its new names belong to, checked before any file is touched.

``targets: specs/config.py::ModelConfig`` (a project file, or an importable dotted name such as
``transformers.LlamaConfig``) says that every name a rule writes (a rename's ``to``, a map's or
move's new last segment) is a field of that class. ``rules check --root`` and ``apply`` read the
class statically (``cfgmigrate.classes``: inheritance included, nothing imported) and refuse a
rule whose new name it lacks: ``pack.yaml:LINE: rule-id: d_model is not a field of ...``. A pack
reversed by ``apply --reverse`` writes the old names: it is checked before it is reversed.
"""

from __future__ import annotations

from pathlib import Path

from cfgmigrate.classes import ClassReader, ConfigClass
from cfgmigrate.rules import Add, RulePack
from cfgmigrate.suggest import did_you_mean
from cfgmigrate.types import Diagnostic


def problems(pack: RulePack, root: Path) -> list[Diagnostic]:
    """Every rule whose new name is not a field of the pack's ``targets`` classes (none: [])."""
    if not pack.targets:
        return []
    reader = ClassReader(root)
    classes, out = [], []
    for ref in pack.targets:
        cls = _read(reader, ref)
        if cls is None:
            out.append(Diagnostic(pack.path, pack.targets_line, "", f"targets: {ref} not found (from {root})"))
        else:
            classes.append(cls)
    if out:
        return out
    fields = {name for cls in classes for name in cls.fields}
    shown = " or ".join(cls.ref if "::" in ref else ref for cls, ref in zip(classes, pack.targets, strict=True))
    for rule in pack.rules:
        new = rule.path if isinstance(rule, Add) else rule.destination()
        if new is None or rule.is_call_rule or new.last in fields:
            continue
        hint = did_you_mean(new.last, sorted(fields))
        out.append(Diagnostic(pack.path, rule.line, rule.id, f"{new.last} is not a field of {shown}{hint}"))
    return out


def _read(reader: ClassReader, ref: str) -> ConfigClass | None:
    if "::" in ref:
        file, _, name = ref.partition("::")
        return reader.read(file, name)
    return reader.read_dotted(ref)
