"""A fingerprint of cfgmigrate's own source: what any cache of its results is keyed by, so that code
fixed without a version bump (an editable install, a patched engine) never trusts what older code made.

It is taken from each source file's path, size and modification time (nanoseconds), with the
package's folder and version, the way Python decides whether a ``.pyc`` is still good: a stat of
each file costs a fraction of reading and hashing them all (1.5 ms against 9 ms for the 229 files
of 0.2), and every run pays it. An edit, a checkout, a reinstall all change a time; a tool that
sets every time to one value (reproducible builds, Nix) keeps each version in a folder of its own,
and the folder and the version are in the key too."""

from __future__ import annotations

import hashlib
import os
from functools import cache


@cache
def source_hash() -> str:
    from cfgmigrate import __version__

    package = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256(f"{package}\0{__version__}\0".encode())
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(folder, name)
            st = os.stat(path)
            h.update(f"{os.path.relpath(path, package)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()
