"""Compiled rule packs, kept by content: a pack loaded once is not validated again while its text and
cfgmigrate's own source stay the same.

Validating a pack needs pydantic and every operation's spec module (``cfgmigrate/ops/specs/``),
about 0.15 s of each run's start-up; a compiled pack (:class:`~cfgmigrate.rules.RulePack`, frozen
runtime objects) loads in a millisecond, and a run whose packs are all kept never imports pydantic.
The result is the same as validating: an entry is keyed by a hash of cfgmigrate's source, the name
the pack is shown as, and its text, so any change to either validates afresh; a pack with problems
is never kept (its errors are found again each run).

Where: ``$CFGMIGRATE_PACK_CACHE`` (a folder; ``off`` turns the cache off), else
``$XDG_CACHE_HOME/cfgmigrate/packs``, else ``~/.cache/cfgmigrate/packs``. The folder is made private
(``0700``) and used only while it belongs to the user and no one else may write to it; an entry is
read with an unpickler that admits only cfgmigrate's own classes and plain data, so a planted file
cannot run code. Anything unreadable or refused is ignored and the pack validated; writes are atomic
and the ``KEEP`` most recently written entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
from pathlib import Path
from typing import Any

from cfgmigrate import tempfiles
from cfgmigrate.errors import PackError
from cfgmigrate.fingerprint import source_hash
from cfgmigrate.rules import RulePack
from cfgmigrate.types import Diagnostic

FORMAT = b"cfgmigrate-pack-1"
KEEP = 64
SUFFIX = ".pack"
# Plain data a pack's values may hold besides what pickle writes natively (YAML timestamps).
_PLAIN = {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")} | {
    ("builtins", name) for name in ("frozenset", "set", "complex", "slice")
}


def load_pack(path: str | Path, display: str | None = None) -> RulePack:
    """:func:`cfgmigrate.pack.load_pack`, from the cache when the pack was compiled before."""
    path = Path(path)
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PackError([Diagnostic(shown, 0, "", f"cannot read rule pack: {e}")]) from None
    return load_pack_text(text, shown)


def load_builtin_pack(name: str) -> RulePack:
    """:func:`cfgmigrate.pack.load_builtin_pack`, from the cache when the pack was compiled before."""
    from cfgmigrate import builtin_packs

    if name not in builtin_packs.names():
        from cfgmigrate.pack import load_builtin_pack as unknown  # names the closest built-in pack

        return unknown(name)
    return load_pack_text(builtin_packs.text(name), f"{name}.yaml")


def load_pack_text(text: str, shown: str) -> RulePack:
    folder = cache_folder()
    key = entry_key(text, shown)
    if folder is not None:
        kept = _read(folder / (key + SUFFIX), shown)
        if kept is not None:
            return kept
    from cfgmigrate.pack import load_pack_text as validate

    pack = validate(text, shown)
    if folder is not None:
        _write(folder, key, pack)
    return pack


def cache_folder() -> Path | None:
    """The folder entries live in, or None (turned off, or not safe to use)."""
    setting = os.environ.get("CFGMIGRATE_PACK_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        if not os.path.isabs(base):  # no home to speak of (`~` left as it is): never a folder in the project
            return None
        folder = Path(base) / "cfgmigrate" / "packs"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    return folder if _private(st) else None


def _private(st: os.stat_result) -> bool:
    """A real folder of this user that no one else may write to (``getuid`` where the OS has one)."""
    getuid = getattr(os, "getuid", None)
    mine = getuid is None or st.st_uid == getuid()
    return stat.S_ISDIR(st.st_mode) and mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def entry_key(text: str, shown: str) -> str:
    h = hashlib.sha256(FORMAT + b"\0" + source_hash().encode() + b"\0")
    h.update(shown.encode("utf-8", "surrogatepass") + b"\0" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _read(entry: Path, shown: str) -> RulePack | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if not data.startswith(FORMAT + b"\n"):
        return None
    try:
        pack = _Unpickler(io.BytesIO(data[len(FORMAT) + 1 :])).load()
    except Exception:  # a truncated, foreign or refused entry: validate afresh
        return None
    return pack if isinstance(pack, RulePack) and pack.path == shown else None


def _write(folder: Path, key: str, pack: RulePack) -> None:
    """Keep ``pack`` (atomically; a pack that cannot be pickled, or a full disk, is not kept)."""
    try:
        data = FORMAT + b"\n" + pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfiles.create(folder, f".{key[:16]}.", ".tmp")
    except Exception:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, folder / (key + SUFFIX))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(folder, key + SUFFIX)


def _prune(folder: Path, written: str) -> None:
    """Keep the entry just written and the newest others, ``KEEP`` in all."""
    with contextlib.suppress(OSError):
        others = [p for p in folder.glob("*" + SUFFIX) if p.name != written]
        for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
            old.unlink()


class _Unpickler(pickle.Unpickler):
    """Admits cfgmigrate's own classes (looked up by plain name, no dotted paths) and plain data."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        if (module == "cfgmigrate" or module.startswith("cfgmigrate.")) and name.isidentifier():
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a compiled pack")
