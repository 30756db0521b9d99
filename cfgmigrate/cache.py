"""A content-hash cache for repeated runs: (rule set, file bytes) -> known clean.

A scheduled run over an unchanged repository parses nothing. It lives outside the project. The cache is keyed by a hash of the
packs and of cfgmigrate's version, and a file is trusted clean only while its bytes hash to what
was recorded; anything unreadable in the cache is ignored. Writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cfgmigrate import __version__
from cfgmigrate.rules import RulePack


def ruleset_key(packs: Sequence[RulePack]) -> str:
    text = __version__ + "\n" + "\n".join(repr(p) for p in packs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def cache_dir(root: Path) -> Path:
    """Outside the project (never a stray file in the work tree): $CFGMIGRATE_CACHE_DIR, else the
    user's cache folder, one subfolder per project root."""
    base = os.environ.get("CFGMIGRATE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "cfgmigrate"
    )
    return Path(base) / hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]


def load(root: Path, key: str) -> dict[str, str]:
    """relpath -> sha256 of the bytes known clean under this rule set ({} when absent or broken)."""
    try:
        data = json.loads((cache_dir(root) / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}
    return data


def save(root: Path, key: str, clean: dict[str, str]) -> None:
    folder = cache_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(clean, f, sort_keys=True)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
