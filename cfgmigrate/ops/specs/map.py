"""The pack side of ``map`` (:mod:`cfgmigrate.ops.map`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    CONFLICT_HELP,
    parse_path,
)
from cfgmigrate.ops.map import Map
from cfgmigrate.ops.specs.base import CallsSpec


class MapSpec(CallsSpec):
    map: str = Field(description="Key path whose values are translated by `values`; `to` renames it too.")
    to: str | None = Field(None, description="The new last segment (optional).")
    values: dict[Any, Any] | None = Field(None, description="Old value -> new value.")
    otherwise: Literal["keep", "remove", "error"] = Field("keep", description="What to do with a value not in `values`.")
    on_conflict: Literal["error", "keep", "replace"] = Field("error", description=CONFLICT_HELP)
    type: str | None = Field(None, description="Annotation of the field on a bound class.")
    default: Any = Field(None, description="The field's new default on a bound class.")
    access: list[Literal["keys", "attributes"]] = Field(["keys"], description="Python accesses that follow a bound rename.")

    @model_validator(mode="after")
    def _valid(self) -> MapSpec:
        if not self.values:
            raise ValueError("map needs `values` (old value -> new value)")
        self.check_keyword(self.map)
        parse_path(self.map)
        if self.to:
            parse_path(self.to)
        return self


def compile_rule(spec: MapSpec, common: dict[str, Any]) -> Map:
    path: KeyPath = common["path"]
    target = path.with_last(KeyPath.parse(spec.to).last) if spec.to else None
    return Map(
        **common,
        values=tuple((spec.values or {}).items()),
        target=target,
        otherwise=spec.otherwise,
        on_conflict=spec.on_conflict,
        annotation=spec.type,
        value=spec.default,
        has_value="default" in spec.model_fields_set,
        access=tuple(spec.access),
    )


SPEC = MapSpec
