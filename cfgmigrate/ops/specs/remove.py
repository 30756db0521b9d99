"""The pack side of ``remove`` (:mod:`cfgmigrate.ops.remove`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from cfgmigrate.ops.base import (
    parse_path,
)
from cfgmigrate.ops.remove import Remove
from cfgmigrate.ops.specs.base import CallsSpec


class RemoveSpec(CallsSpec):
    remove: str = Field(description="Key path (or keyword, with `calls`) to remove.")

    @model_validator(mode="after")
    def _valid(self) -> RemoveSpec:
        self.check_keyword(self.remove)
        parse_path(self.remove)
        return self


def compile_rule(spec: RemoveSpec, common: dict[str, Any]) -> Remove:
    return Remove(**common)


SPEC = RemoveSpec
