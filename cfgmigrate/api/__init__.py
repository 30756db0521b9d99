"""The library behind the command line: one entry point per command.

=================  ===========================================================================
``plan``           what ``apply --dry-run`` shows: per-file results, nothing written
``write``          write a plan atomically (``apply``); a file changed on disk since it was read is refused
``check``          ``apply --check``: the plan and its exit code (1 when changes are pending)
``audit``          ``audit``: drift between configs, their classes and the code that reads them
``compare``        ``compare``: two configs or classes, side by side
``verify``         ``verify``: configs into their classes, model configs built and run
``load_packs``     the packs named by file and by built-in name (and reversed, for ``--reverse``)
=================  ===========================================================================

Per-file outcomes are values (:class:`~cfgmigrate.types.FileResult`), so one bad file never stops
the others; a problem that stops a whole command is a :class:`~cfgmigrate.errors.CfgmigrateError`
carrying its diagnostics. Nothing here prints or exits: :mod:`cfgmigrate.cli` does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from cfgmigrate.api.commands import Checked, check, load_packs, plan
from cfgmigrate.api.migrate import migrate_file
from cfgmigrate.api.model import Plan, Settings, Summary
from cfgmigrate.api.planning import plan_text, write
from cfgmigrate.api.verify import Verified, VerifySettings, verify

if TYPE_CHECKING:
    from cfgmigrate.api.inspect import Audited, AuditSettings, Compared, CompareSettings, audit, compare

# audit and compare are imported when first named: an `apply` run needs neither.
_LAZY = dict.fromkeys(("Audited", "AuditSettings", "Compared", "CompareSettings", "audit", "compare"), "cfgmigrate.api.inspect")


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "AuditSettings",
    "Audited",
    "Checked",
    "CompareSettings",
    "Compared",
    "Plan",
    "Settings",
    "Summary",
    "Verified",
    "VerifySettings",
    "audit",
    "check",
    "compare",
    "load_packs",
    "migrate_file",
    "plan",
    "plan_text",
    "verify",
    "write",
]
