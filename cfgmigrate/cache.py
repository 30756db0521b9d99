"""A content-hash cache for repeated runs: (rule set, file bytes) -> known clean.

A scheduled run over an unchanged repository parses nothing. The cache lives in the project, in
``.cfgmigrate_cache/`` (which holds its own ``.gitignore``, so git never lists it), or in
``$CFGMIGRATE_CACHE_DIR``. It is keyed by a hash of cfgmigrate's own source, the packs and what the
engines' pre-pass learned about the project (a bound class that changes changes the key), and a file
is trusted clean only while its bytes hash to what was recorded. Anything unreadable in the cache is
ignored; writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cfgmigrate import tempfiles
from cfgmigrate.fingerprint import source_hash
from cfgmigrate.rules import RulePack

FOLDER = ".cfgmigrate_cache"
KEEP = 8  # rule sets remembered per project (a pre-commit hook and a nightly run may differ)


def ruleset_key(packs: Sequence[RulePack], indexes: Mapping[Any, Any] | None = None) -> str:
    """One key per (cfgmigrate source, packs, engines' pre-pass results)."""
    text = "\n".join([source_hash(), *(repr(p) for p in packs), repr(sorted((indexes or {}).items()))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def cache_dir(root: Path) -> Path:
    """``$CFGMIGRATE_CACHE_DIR`` (one subfolder per project root), else ``ROOT/.cfgmigrate_cache``."""
    base = os.environ.get("CFGMIGRATE_CACHE_DIR")
    if base:
        return Path(base) / hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return root / FOLDER


def load(root: Path, key: str) -> dict[str, str]:
    """relpath -> sha256 of the bytes known clean under this rule set ({} when absent or broken)."""
    try:
        data = json.loads((cache_dir(root) / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}
    return data


def save(root: Path, key: str, clean: Mapping[str, str]) -> None:
    """Replace the rule set's entry atomically; a cache that cannot be written is no error."""
    folder = cache_dir(root)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(folder)
        _write_atomic(folder / f"{key}.json", json.dumps(clean, sort_keys=True))
        _prune(folder)


def _ignore_in_git(folder: Path) -> None:
    marker = folder / ".gitignore"
    if not marker.exists():
        _write_atomic(marker, "# written by cfgmigrate: its cache never belongs in git\n*\n")


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfiles.create(path.parent, ".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(folder: Path) -> None:
    """Keep the most recently written rule sets only."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
