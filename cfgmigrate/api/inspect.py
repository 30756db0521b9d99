"""``audit`` and ``compare``: read the project (never import or run it) and say where it drifts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfgmigrate import engines
from cfgmigrate.errors import CfgmigrateError
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Diagnostic, ExitCode


@dataclass(frozen=True)
class AuditSettings:
    paths: tuple[Path, ...] = ()  # default: the root
    root: Path | None = None  # default: the git work tree holding the first path
    packs: tuple[RulePack, ...] = ()  # their `schema:` binds sections to classes
    leave_out: tuple[Path, ...] = ()  # files not to audit (the pack files, an --emit-rules target)


@dataclass(frozen=True)
class Audited:
    """The audit's findings and links (``cfgmigrate.audit.run.AuditResult``), and what it read."""

    result: Any
    root: Path
    files: tuple[str, ...]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.ERROR if self.result.problems else ExitCode.PENDING if self.result.findings else ExitCode.CLEAN

    def rules_pack(self, name: str) -> str:
        """A rule pack that fixes the findings, over the kinds of files audited (``--emit-rules``)."""
        from cfgmigrate.audit.emit import pack_text

        read = [f for f in self.files if engines.holds_documents(f) or engines.holds_code(f)]
        globs = sorted({"**/*" + engines.suffix_of(f) for f in read})
        return pack_text(name, self.result.findings, self.result.links, globs)


def audit(settings: AuditSettings) -> Audited:
    """Find drift between configs, the classes that hold them and the code that reads them."""
    from cfgmigrate.audit.run import audit_project
    from cfgmigrate.discover import discover, run_root

    paths = settings.paths
    base = run_root(paths or (Path("."),), settings.root)
    skip = {p.resolve() for p in settings.leave_out}
    files = [f for f in discover(list(paths) or [base], base).files if (base / f).resolve() not in skip]
    named = [p.resolve().relative_to(base).as_posix() for p in paths if p.resolve().is_relative_to(base)]
    schema = {prefix: refs[0] for pack in settings.packs for prefix, refs in pack.schema}
    return Audited(audit_project(base, files, schema, named), base, tuple(files))


@dataclass(frozen=True)
class CompareSettings:
    a: str  # a YAML/JSON file, a text dump, or FILE.py::Class
    b: str
    root: Path = Path(".")
    search: tuple[Path, ...] = ()  # more folders where the classes' bases are looked for
    format_a: str = "auto"  # auto, yaml, json, text
    format_b: str = "auto"


@dataclass(frozen=True)
class Compared:
    diff: dict[str, Any]  # cfgmigrate.audit.compare.compare(), with the sides' notes
    side_a: Any
    side_b: Any
    b: str
    notes: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> ExitCode:
        differs = any(self.diff["summary"][k] for k in ("different", "type_mismatches", "only_in_a", "only_in_b"))
        return ExitCode.PENDING if differs else ExitCode.CLEAN

    def rules_pack(self, name: str) -> str:
        """Between two classes, the renames from A's names to B's (for their configs); else
        coercions of B's mismatched types to A's (``--emit-rules``)."""
        from cfgmigrate.audit.compare import coercions

        if self.side_a.cls is not None and self.side_b.cls is not None:
            from cfgmigrate.audit.mapping import mapping_pack

            documents = sorted("**/*" + s for s in engines.suffixes_where(engines.holds_documents))
            return mapping_pack(name, self.side_a.cls, self.side_b.cls, documents, self.b)
        target = self.b.split("::")[0]
        return coercions(self.diff, name, ["**/*.py" if engines.holds_code(target) else target])


def compare(settings: CompareSettings) -> Compared:
    """Compare two configs; a side that cannot be read is a :class:`CfgmigrateError` naming it."""
    from cfgmigrate.audit.compare import compare as differences
    from cfgmigrate.audit.compare import load_side
    from cfgmigrate.classes import ClassReader

    reader = ClassReader(settings.root, tuple(settings.search))
    try:
        side_a = load_side(settings.a, settings.root, settings.format_a, reader)
        side_b = load_side(settings.b, settings.root, settings.format_b, reader)
    except (OSError, ValueError, SyntaxError) as e:
        raise CfgmigrateError([Diagnostic("", 0, "", str(e))]) from None
    diff = differences(side_a.values, side_b.values)
    diff["notes"] = [f"{side}: {note}" for side, s in (("A", side_a), ("B", side_b)) for note in s.notes]
    return Compared(diff, side_a, side_b, settings.b, tuple(diff["notes"]))
