"""The pack side of ``set_default`` (:mod:`cfgmigrate.ops.set_default`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from cfgmigrate.ops.base import (
    parse_path,
)
from cfgmigrate.ops.set_default import SetDefault
from cfgmigrate.ops.specs.base import RuleSpec


class SetDefaultSpec(RuleSpec):
    set_default: str = Field(description="Field (under a `schema:` binding) whose default becomes `value`.")
    value: Any = Field(None, description="The new default.")

    @model_validator(mode="after")
    def _valid(self) -> SetDefaultSpec:
        if "value" not in self.model_fields_set:
            raise ValueError("set_default needs `value`")
        parse_path(self.set_default)
        return self


def compile_rule(spec: SetDefaultSpec, common: dict[str, Any]) -> SetDefault:
    return SetDefault(**common, value=spec.value)


SPEC = SetDefaultSpec
