"""Built-in rule packs, shipped inside the wheel as ``cfgmigrate.builtin_packs``."""
