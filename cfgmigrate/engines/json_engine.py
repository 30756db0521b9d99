"""JSON config files (HF ``config.json``, ``generation_config.json``, ...)."""

from cfgmigrate.engines.config_engine import ConfigEngine, load_json

ENGINE = ConfigEngine(name="json", suffixes=(".json",), dialect="json", load=load_json)
