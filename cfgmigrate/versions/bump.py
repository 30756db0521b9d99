"""``--bump``: the edits that raise a project's pins, as file results in the same plan and diff.

pyproject.toml goes through tomlkit (comments, order and quoting kept); every other file is edited
in place on the pin's own line, so its comment, marker and neighbours stay as they were."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from packaging.version import Version

from cfgmigrate.edits import between, rebase
from cfgmigrate.types import Change, Diagnostic, FileResult, Severity, Status
from cfgmigrate.versions.model import Pin
from cfgmigrate.versions.raise_pin import raise_requirement, raise_specifier
from cfgmigrate.writer import digest

RULE = "bump-pin"


def bump(
    root: Path, results: tuple[FileResult, ...], pins: Iterable[Pin], needed: dict[str, tuple[Version, str]]
) -> tuple[FileResult, ...]:
    """The plan's results with every pin below what ``needed`` says raised (distribution -> (version,
    why)); a file that rules changed too keeps their edits, a new file result is added after the others."""
    by_path = {r.path: r for r in results}
    for pin in pins:
        if pin.distribution not in needed or _lowest_ok(pin, needed[pin.distribution][0]):
            continue
        base = _editable(root, by_path.get(pin.path), pin.path)
        by_path[pin.path] = _raise(base, pin, *needed[pin.distribution])
    known = {r.path for r in results}
    return tuple(by_path[r.path] for r in results) + tuple(r for p, r in sorted(by_path.items()) if p not in known)


def _editable(root: Path, result: FileResult | None, relpath: str) -> FileResult:
    if result is None or (result.status is Status.UNCHANGED and not result.old_text):
        return _read(root, relpath)
    if result.status is Status.FAILED:
        return result
    return result if result.status is Status.CHANGED else replace(result, new_text=result.old_text)


def _lowest_ok(pin: Pin, version: Version) -> bool:
    from cfgmigrate.versions.model import lower_bound

    low = lower_bound(pin.specifiers)
    return low is not None and low >= version


def _read(root: Path, relpath: str) -> FileResult:
    data = (root / relpath).read_bytes()
    text = data.decode("utf-8")
    return FileResult(relpath, Status.UNCHANGED, text, text, parsed=True, digest=digest(data))


def _raise(result: FileResult, pin: Pin, version: Version, why: str) -> FileResult:
    if result.status is Status.FAILED:
        message = f"--bump left {pin.describe()} as it was: this file could not be migrated"
        return replace(
            result, diagnostics=result.diagnostics + (Diagnostic(pin.path, pin.line, RULE, message, Severity.WARNING),)
        )
    edited = (
        _edit_pyproject(result.new_text, pin, version)
        if pin.kind in ("pyproject", "poetry")
        else _edit_line(result.new_text, pin, version)
    )
    if edited is None:
        message = f"--bump could not raise {pin.describe()} here: raise it to >={version} by hand ({why})"
        return replace(
            result, diagnostics=result.diagnostics + (Diagnostic(pin.path, pin.line, RULE, message, Severity.WARNING),)
        )
    new_text, new_req = edited
    made = Change(RULE, pin.line, f"{pin.text or pin.describe()} -> {new_req} ({why})", tuple(between(result.new_text, new_text)))
    changes = rebase(result.new_text, result.changes, [made], new_text)
    return replace(result, status=Status.CHANGED, new_text=new_text, changes=tuple(changes))


def _edit_line(text: str, pin: Pin, version: Version) -> tuple[str, str] | None:
    """Replace the requirement on its own line (requirements, setup.cfg, setup.py, conda)."""
    lines = text.splitlines(keepends=True)
    index = pin.line - 1 if 0 < pin.line <= len(lines) and pin.text and pin.text in lines[pin.line - 1] else -1
    if index < 0:  # rules changed the file above the pin: find its line again
        index = next((i for i, line in enumerate(lines) if pin.text and pin.text in line), -1)
    if index < 0:
        return None
    new_req = _raised_text(pin, version)
    lines[index] = lines[index].replace(pin.text, new_req, 1)
    return "".join(lines), new_req


def _raised_text(pin: Pin, version: Version) -> str:
    if pin.kind == "conda":
        name = pin.text.split("::")[-1]
        bare = name.rstrip("=<>!~.*0123456789, ").rstrip()
        head = pin.text[: len(pin.text) - len(name)] + bare if bare else pin.text
        return f"{head}>={version}"
    return raise_requirement(pin.text, version)


def _edit_pyproject(text: str, pin: Pin, version: Version) -> tuple[str, str] | None:
    import tomlkit

    doc = tomlkit.parse(text)
    if pin.kind == "poetry":
        return _edit_poetry(doc, pin, version)
    for array in _requirement_arrays(doc):
        for i, item in enumerate(array):
            if str(item) == pin.text:
                new_req = raise_requirement(pin.text, version)
                array[i] = new_req
                return tomlkit.dumps(doc), new_req
    return None


def _requirement_arrays(doc: Any) -> list[list[object]]:
    project = doc.get("project", {})
    arrays = [project.get("dependencies", [])]
    arrays += list(project.get("optional-dependencies", {}).values())
    arrays += list(doc.get("dependency-groups", {}).values())
    return [a for a in arrays if isinstance(a, list)]


def _edit_poetry(doc: Any, pin: Pin, version: Version) -> tuple[str, str] | None:
    import tomlkit

    poetry = doc.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    tables += [g.get("dependencies", {}) for g in poetry.get("group", {}).values()]
    for table in tables:
        for name in list(table):
            if name.lower().replace("_", "-") == pin.distribution:
                value = table[name]
                new = raise_specifier(pin.specifier, version)
                if isinstance(value, str):
                    table[name] = new
                elif hasattr(value, "get") and isinstance(value.get("version"), str):
                    value["version"] = new
                else:
                    return None
                return tomlkit.dumps(doc), f"{name} = {new!r}"
    return None
