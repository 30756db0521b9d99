"""Find the files a run looks at: git-aware, .gitignore-honouring, scoped by the packs' globs."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cfgmigrate.reader import kind_of

GENERATED_MARKERS = ("@generated", "DO NOT EDIT")
MAX_BYTES = 5 * 1024 * 1024
ALWAYS_IGNORED = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules", ".tox", ".mypy_cache", ".cfgmigrate_cache"}


@dataclass(frozen=True)
class Discovery:
    """The files a run looks at (relative to the root), the ones it skipped and why, and notes to tell."""

    root: Path
    files: tuple[str, ...]  # repo-relative, '/'-separated, sorted
    skipped: tuple[tuple[str, str], ...] = ()  # (relpath, reason)
    notes: tuple[tuple[str, str], ...] = ()  # (relpath, note): things to tell even without -v


def project_root(path: Path) -> Path:
    """The top of the git work tree holding ``path``, or ``path`` itself outside git."""
    start = path if path.is_dir() else path.parent
    return _work_tree(start) or start.resolve()


def run_root(paths: Sequence[Path], root: Path | None = None) -> Path:
    """The project root of a run over ``paths``: ``root`` when given; else the git work tree that
    holds them all; outside git, the folder that holds them all (``apply a/ b/``). Paths in different
    work trees (or some in one and some outside git) are a SettingsError: one run, one project."""
    if root is not None:
        return root.resolve()
    if len(paths) < 2:
        return project_root(paths[0] if paths else Path.cwd())
    starts = [p if p.is_dir() else p.parent for p in paths]
    trees = {_work_tree(s) for s in starts}
    if len(trees) == 1 and None not in trees:
        return trees.pop()  # type: ignore[return-value]
    if trees == {None}:
        return Path(os.path.commonpath([s.resolve() for s in starts]))
    from cfgmigrate.errors import SettingsError

    where = ", ".join(f"{p} ({_work_tree(s) or 'outside git'})" for p, s in zip(paths, starts, strict=True))
    raise SettingsError(f"the paths lie in different projects: {where}; run once per project, or give --root")


def _work_tree(start: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(start), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode == 0 and out.stdout.strip():
        return Path(out.stdout.strip()).resolve()
    return None


def discover(paths: Sequence[Path], root: Path, excludes: Sequence[str] = ()) -> Discovery:
    """Files under ``paths``: git's tracked + untracked-not-ignored inside a work tree, else a walk."""
    listed = _git_files(root)
    candidates = listed if listed is not None else _walk(root)
    skipped: list[tuple[str, str]] = []
    wanted = [_rel(p, root) for p in paths]
    exclude_spec = _compile(tuple(excludes)) if excludes else None
    out = []
    for rel in candidates:
        if not any(w in ("", ".") or rel == w or rel.startswith(w.rstrip("/") + "/") for w in wanted):
            continue
        if exclude_spec and exclude_spec.match_file(rel):
            skipped.append((rel, "excluded by --exclude"))
            continue
        reason = entry_problem(root, rel)
        if reason:
            skipped.append((rel, reason))
        elif reason is not None:
            out.append(rel)
    named = _named_but_ignored(paths, root, set(candidates), exclude_spec)
    out += [rel for rel in named if entry_problem(root, rel) == ""]
    notes = [(rel, "git ignores this file; migrated because it was named on the command line") for rel in named]
    notes += [
        (str(p), f"lies outside the project root {root}; left as it was (give --root)")
        for p in paths
        if _rel(p, root) == _OUTSIDE
    ]
    return Discovery(root, tuple(sorted(set(out))), tuple(sorted(skipped)), tuple(notes))


def _named_but_ignored(paths: Sequence[Path], root: Path, listed: set[str], exclude_spec: object) -> list[str]:
    """Files named explicitly that discovery left out because git (or a .gitignore) ignores them:
    naming a file asks for it, as ``git add -f`` does. ``--exclude`` still wins."""
    out = []
    for path in paths:
        rel = _rel(path, root)
        if rel in listed or rel in ("", ".", _OUTSIDE) or not path.is_file():
            continue
        if exclude_spec is not None and exclude_spec.match_file(rel):  # type: ignore[attr-defined]
            continue
        if any(part in ALWAYS_IGNORED for part in rel.split("/")):
            continue
        out.append(rel)
    return out


_OUTSIDE = "\0outside"  # a path outside the project matches nothing


def _rel(path: Path, root: Path) -> str:
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        return _OUTSIDE
    return "" if rel == "." else rel


def _git_files(root: Path) -> list[str] | None:
    """Tracked plus untracked-not-ignored files under ``root`` (relative to it), or None outside git.

    ``root`` may be a folder inside a work tree; a folder that git ignores is walked instead."""
    listed = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is None or (not listed and _git(root, "check-ignore", "-q", ".") is not None):
        return None
    names = listed.decode("utf-8", "surrogateescape").split("\0")
    return [n for n in names if n]


def _git(root: Path, *args: str) -> bytes | None:
    """git's stdout, or None when git is missing or fails (not a work tree, say)."""
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def _walk(root: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        rel_dir = base.relative_to(root).as_posix()
        spec = _ignore_spec_for(root, rel_dir)
        dirnames[:] = sorted(d for d in dirnames if d not in ALWAYS_IGNORED and not spec.match_file(_join(rel_dir, d) + "/"))
        out.extend(_join(rel_dir, f) for f in filenames if not spec.match_file(_join(rel_dir, f)))
    return out


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir in ("", ".") else f"{rel_dir}/{name}"


def _ignore_spec_for(root: Path, rel_dir: str) -> Any:
    """Patterns of every .gitignore from the root down to ``rel_dir``, re-anchored at the root (a
    matcher: see :func:`_compile`)."""
    lines: list[str] = []
    parts = [] if rel_dir in ("", ".") else rel_dir.split("/")
    for depth in range(len(parts) + 1):
        prefix = "/".join(parts[:depth])
        lines.extend(_anchored(prefix, _gitignore_lines(root / prefix)))
    return _compile(tuple(lines))


@lru_cache(maxsize=1024)
def _gitignore_lines(directory: Path) -> tuple[str, ...]:
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _anchored(prefix: str, lines: Iterable[str]) -> list[str]:
    if not prefix:
        return list(lines)
    out = []
    for line in lines:
        neg, body = ("!", line[1:]) if line.startswith("!") else ("", line)
        inner = body.strip("/") if "/" in body.rstrip("/") else "**/" + body
        out.append(f"{neg}{prefix}/{inner}")
    return out


@lru_cache(maxsize=1024)
def _compile(lines: tuple[str, ...]) -> Any:
    """The gitignore patterns ``lines`` as a matcher (``.match_file(rel)``); pathspec is imported
    only for a run that has patterns to match (see :func:`_matches`)."""
    if not lines:
        return _NO_PATTERNS
    import pathspec

    return pathspec.PathSpec.from_lines("gitignore", lines)


class _NoPatterns:
    @staticmethod
    def match_file(rel: str) -> bool:
        return False


_NO_PATTERNS = _NoPatterns()


def entry_problem(root: Path, rel: str) -> str | None:
    """Why ``rel`` is skipped ('' when it is a regular file to look at), or None when it is no file
    at all (deleted from the work tree, a folder). Never opens it: a FIFO must not block the run."""
    path = os.path.join(root, rel)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        problem, mode = _link_problem(root, Path(path))
        if problem:
            return problem
    if stat.S_ISDIR(mode):
        return None
    return "" if stat.S_ISREG(mode) else f"not a regular file ({kind_of(mode)})"


def _link_problem(root: Path, path: Path) -> tuple[str, int]:
    """A symlink's problem (a loop, no target, a target outside the root) and its target's mode."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = real.stat().st_mode
    except FileNotFoundError:
        return "broken symlink (its target does not exist)", 0
    except OSError as e:
        return ("symlink loop" if e.errno == errno.ELOOP else f"cannot follow symlink: {e.strerror or e}"), 0
    if not real.is_relative_to(root):
        return "symlink leaves the project root", 0
    return "", mode


def one_name_per_file(root: Path, relpaths: Sequence[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Keep one name per file on disk: a symlink whose target is migrated under another name (the
    target's own, or an earlier link's) is skipped, so the file is read and written once."""
    claimed: dict[str, str] = {}
    kept: list[str] = []
    skipped: list[tuple[str, str]] = []
    base = str(root)
    links = {r: os.path.islink(os.path.join(base, r)) for r in relpaths}
    folders: dict[str, str] = {}  # a folder's real path, resolved once for all its files
    for rel in sorted(relpaths, key=lambda r: (links[r], r)):  # real names claim first
        if links[rel]:
            real = os.path.realpath(os.path.join(base, rel))
        else:  # not a link itself: its real path is its folder's, then its name
            folder, _, name = os.path.join(base, rel).rpartition("/")
            if folder not in folders:
                folders[folder] = os.path.realpath(folder)
            real = os.path.join(folders[folder], name)
        if real in claimed:
            skipped.append((rel, f"a symlink to the file migrated as {claimed[real]}"))
            continue
        claimed[real] = rel
        kept.append(rel)
    return tuple(sorted(kept)), tuple(sorted(skipped))


def in_scope(rel: str, globs: Sequence[str]) -> bool:
    return bool(globs) and _matches(rel, tuple(globs))


@lru_cache(maxsize=8192)
def _matches(rel: str, globs: tuple[str, ...]) -> bool:
    """(A file is asked about by discovery, each rule and the leftover scan: matched once.)

    Globs that are all ``*.EXT`` or ``**/*.EXT`` (most packs' ``files:``) are answered without
    pathspec, by what gitignore makes of them: some part of the path (a file's name, or a folder
    it lies in) ends in ``.EXT``; a property test holds this to pathspec's answer. That spares a run
    pathspec's import (10-15 ms, with ``typing_extensions``), in a git work tree, where git lists
    the files, the only other use."""
    endings = _name_endings(globs)
    if endings is not None:
        return any(part.endswith(endings) for part in rel.split("/"))
    return bool(_compile(globs).match_file(rel))


_NAME_ENDING = re.compile(r"(?:\*\*/)?\*(\.[A-Za-z0-9_+-][A-Za-z0-9_.+-]*)")


@lru_cache(maxsize=256)
def _name_endings(globs: tuple[str, ...]) -> tuple[str, ...] | None:
    """``(".yaml", ".yml")`` for ``("**/*.yaml", "*.yml")``; None when any glob is another form."""
    matches = [_NAME_ENDING.fullmatch(g) for g in globs]
    return tuple(m[1] for m in matches if m) if all(matches) else None


def content_problem(data: bytes, size: int | None = None) -> str:
    """Why a file should not be migrated (oversized, binary, generated), or ''.

    ``size``: the file's size when ``data`` was not read whole (an oversized file is not)."""
    size = len(data) if size is None else size
    if size > MAX_BYTES:
        return f"oversized ({size} bytes > {MAX_BYTES})"
    if b"\0" in data[:8192]:
        return "binary file"
    head = data[:2048].decode("utf-8", "replace")
    if any(marker in head for marker in GENERATED_MARKERS):
        return "generated file (marker in its first lines)"
    return ""
