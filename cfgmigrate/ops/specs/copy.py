"""The pack side of ``copy`` (:mod:`cfgmigrate.ops.copy`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    CONFLICT_HELP,
    second_path_problem,
)
from cfgmigrate.ops.copy import Copy
from cfgmigrate.ops.specs.base import RuleSpec


class CopySpec(RuleSpec):
    copy_: str = Field(alias="copy", description="Key path whose value is copied; `to` is the whole key path of the copy.")
    to: str | None = Field(None, description="The whole key path of the copy (a `*` reuses the source's capture).")
    on_conflict: Literal["error", "keep", "replace"] = Field("error", description=CONFLICT_HELP)

    @model_validator(mode="after")
    def _valid(self) -> CopySpec:
        problem = second_path_problem("copy", self.copy_, self.to)
        if problem:
            raise ValueError(problem)
        return self


def compile_rule(spec: CopySpec, common: dict[str, Any]) -> Copy:
    return Copy(**common, target=KeyPath.parse(spec.to or ""), on_conflict=spec.on_conflict)


SPEC = CopySpec
