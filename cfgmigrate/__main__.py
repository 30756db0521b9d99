"""``python -m cfgmigrate``: the same as the ``cfgmigrate`` command."""

from cfgmigrate.cli import main

main()
