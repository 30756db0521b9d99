"""The one error family: an exception that carries diagnostics, rendered only at the edge (the CLI).

Library entry points raise these for problems that stop a whole command before any file is touched
(an unusable pack, a pack that cannot be reversed); per-file problems are values in the results.
"""

from __future__ import annotations

from collections.abc import Sequence

from cfgmigrate.types import Diagnostic


class CfgmigrateError(Exception):
    """A problem that stops a command; carries one diagnostic per problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("\n".join(d.render() for d in diagnostics))
        self.diagnostics = list(diagnostics)

    def __reduce__(self) -> tuple[type[CfgmigrateError], tuple[list[Diagnostic]]]:
        return (type(self), (self.diagnostics,))


class PackError(CfgmigrateError):
    """A rule pack that cannot be used."""


class ReverseError(CfgmigrateError):
    """A pack that cannot be inverted for ``apply --reverse``."""


class SettingsError(CfgmigrateError):
    """Settings a command cannot run with (the CLI shows it as a usage error)."""

    def __init__(self, message: str) -> None:
        super().__init__([Diagnostic("", 0, "", message)])
        self.message = message

    def __reduce__(self) -> tuple[type[SettingsError], tuple[str]]:  # type: ignore[override]
        return (type(self), (self.message,))


class MissingExtra(SettingsError):
    """A check needs an optional dependency that is not installed (``pip install 'cfgmigrate[verify]'``)."""
