"""Where the project and its documentation live (one place for --help, SARIF and the docs)."""

from __future__ import annotations

from cfgmigrate import __version__

REPOSITORY = "https://github.com/cfgmigrate/cfgmigrate"


def docs_url(page: str, anchor: str = "") -> str:
    """A docs page of this very version (the tag ``v<version>``), so links never drift from the code."""
    return f"{REPOSITORY}/blob/v{__version__}/docs/{page}" + (f"#{anchor}" if anchor else "")


def builtin_rule_url(pack: str, line: int) -> str:
    """A built-in pack's rule in the repository, at this version: its description cites its source."""
    return f"{REPOSITORY}/blob/v{__version__}/rules/{pack}.yaml" + (f"#L{line}" if line else "")
