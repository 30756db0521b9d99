"""``cfgmigrate verify``: prove that migrated configs load into their classes and that model
configs build and run (bf16, forced flash attention) — torch and transformers are imported here
only, and only when a model is verified."""
