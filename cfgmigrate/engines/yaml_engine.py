"""YAML config files (``.yaml``, ``.yml``)."""

from cfgmigrate.engines.config_engine import ConfigEngine, load_yaml

ENGINE = ConfigEngine(name="yaml", suffixes=(".yaml", ".yml"), dialect="yaml", load=load_yaml)
