"""cfgmigrate: declarative migrations for ML configs, config classes and the code that reads them."""

__version__ = "0.2.0"
