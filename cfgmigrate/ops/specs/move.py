"""The pack side of ``move`` (:mod:`cfgmigrate.ops.move`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    CONFLICT_HELP,
    second_path_problem,
)
from cfgmigrate.ops.move import Move
from cfgmigrate.ops.specs.base import RuleSpec


class MoveSpec(RuleSpec):
    move: str = Field(description="Key path to move; `to` is the whole new key path.")
    to: str | None = Field(None, description="The whole new key path (a `*` reuses the source's capture).")
    on_conflict: Literal["error", "keep", "replace"] = Field("error", description=CONFLICT_HELP)

    @model_validator(mode="after")
    def _valid(self) -> MoveSpec:
        problem = second_path_problem("move", self.move, self.to)
        if problem:
            raise ValueError(problem)
        return self


def compile_rule(spec: MoveSpec, common: dict[str, Any]) -> Move:
    return Move(**common, target=KeyPath.parse(spec.to or ""), on_conflict=spec.on_conflict)


SPEC = MoveSpec
