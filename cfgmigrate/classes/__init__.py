"""One static reader of config classes (dataclasses, pydantic models, transformers' strict
configs), shared by the Python engine, ``audit``, ``compare`` and ``verify``: fields in
constructor order with their defaults, inherited from bases in other files of the project and in
installed packages as dataclasses and pydantic compute them; nothing is imported or run."""

from cfgmigrate.classes.model import REQUIRED, Computed, ConfigClass, Field
from cfgmigrate.classes.reader import ClassReader

__all__ = ["REQUIRED", "Computed", "ClassReader", "ConfigClass", "Field"]
