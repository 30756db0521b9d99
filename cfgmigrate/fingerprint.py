"""A hash of cfgmigrate's own source: what any cache of its results is keyed by, so that code fixed
without a version bump (an editable install, a patched engine) never trusts what older code made."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path


@cache
def source_hash() -> str:
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
