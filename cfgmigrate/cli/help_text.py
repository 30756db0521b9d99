"""Examples and exit codes shown at the end of ``--help`` (``\\b`` keeps click from rewrapping)."""

from __future__ import annotations

from cfgmigrate.links import docs_url

EXIT_CODES = """\b
Exit codes:
  0  done, or nothing pending
  1  changes pending (--check) or verification failed
  2  errors: a bad rule pack or project configuration, an unparsable file, a conflict"""

MAIN = f"""\b
Examples:
  cfgmigrate apply --dry-run -p transformers-v5       preview a built-in pack on the project
  cfgmigrate apply -r migrations/pack.yaml configs/   apply your own pack to a folder
  cfgmigrate apply --check -p transformers-v5         exit 1 while changes are pending
  cfgmigrate rules list                               the built-in packs
  cfgmigrate rules explain rename                     what an operation does, with an example

\b
Docs: {docs_url("README.md")}

{EXIT_CODES}"""

APPLY = f"""\b
Examples:
  cfgmigrate apply --dry-run -p transformers-v5 .     print a diff, write nothing
  cfgmigrate apply --check --format json -r pack.yaml CI: exit 1 while changes are pending
  cfgmigrate apply                                    the packs of [tool.cfgmigrate] / .cfgmigrate.yaml

\b
Without -p/-r the packs and rule files come from [tool.cfgmigrate] in pyproject.toml or from
.cfgmigrate.yaml; flags add to them. '# cfgmigrate: ignore[RULE]' on a line holds its changes back.

{EXIT_CODES}"""
