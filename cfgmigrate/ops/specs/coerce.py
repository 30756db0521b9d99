"""The pack side of ``coerce`` (:mod:`cfgmigrate.ops.coerce`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from cfgmigrate.ops.base import (
    parse_path,
)
from cfgmigrate.ops.coerce import COERCE_TYPES, Coerce
from cfgmigrate.ops.specs.base import CallsSpec


class CoerceSpec(CallsSpec):
    coerce: str = Field(description="Key path (or keyword, with `calls`) whose value is converted to the type in `to`.")
    to: str | None = Field(None, description="bool | int | float | str | dtype.")

    @model_validator(mode="after")
    def _valid(self) -> CoerceSpec:
        if not self.to:
            raise ValueError("coerce needs `to`")
        if self.to not in COERCE_TYPES:
            from cfgmigrate.suggest import did_you_mean

            hint = did_you_mean(self.to, COERCE_TYPES)
            raise ValueError(f"coerce `to` must be one of {', '.join(COERCE_TYPES)}, not {self.to!r}{hint}")
        self.check_keyword(self.coerce)
        parse_path(self.coerce)
        return self


def compile_rule(spec: CoerceSpec, common: dict[str, Any]) -> Coerce:
    return Coerce(**common, coerce_to=spec.to or "str")


SPEC = CoerceSpec
