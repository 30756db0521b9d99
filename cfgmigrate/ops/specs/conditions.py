"""The pack side of the conditions on call rules (``unless``, ``requires``): their pydantic model and
its compilation into :class:`~cfgmigrate.ops.conditions.Unless`."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cfgmigrate.ops.conditions import Unless

DOTTED = re.compile(r"^[A-Za-z_*?][A-Za-z0-9_*?]*(\.[A-Za-z_*?][A-Za-z0-9_*?]*)*$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class UnlessSpec(BaseModel):
    """A matching call is left as it is when any one of these holds (all are optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chained: list[str] = Field(
        [],
        description="Methods such as `to`, `cuda`: the call's result is chained with one (`X.from_pretrained(...).to(d)`), "
        "or the name it is assigned to is later called with one (`model.to(d)` anywhere in the file).",
    )
    imports: list[str] = Field(
        [],
        description="Modules such as `deepspeed`, `torch.distributed.fsdp`: the file imports one of them or something inside it.",
    )
    uses: list[str] = Field(
        [],
        description="Names such as `Trainer`, `local_rank`, `transformers.*Trainer`: the file uses one (a pattern without a dot "
        "matches a name, attribute or keyword as written; a dotted one the qualified name resolved through the imports).",
    )
    passes: list[str] = Field(
        [],
        description="Keywords such as `torch_dtype`: the call passes one of them, whatever its value.",
    )
    keyword: dict[str, Any] = Field(
        {},
        description="Keyword -> value, such as `trust_remote_code: true`: the call passes that keyword with that literal value. "
        "A value that is not a literal may be that value: the call is reported, not edited.",
    )

    @field_validator("chained", "passes")
    @classmethod
    def _identifiers(cls, v: list[str]) -> list[str]:
        bad = [m for m in v if not IDENTIFIER.match(m)]
        if bad:
            raise ValueError(f"takes names, not {bad[0]!r}")
        return v

    @field_validator("imports", "uses")
    @classmethod
    def _dotted(cls, v: list[str]) -> list[str]:
        bad = [m for m in v if not DOTTED.match(m)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a dotted name")
        return v

    @field_validator("keyword")
    @classmethod
    def _keywords(cls, v: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in v if not IDENTIFIER.match(str(k))]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a keyword name")
        return v


def compile_unless(spec: UnlessSpec | None) -> Unless:
    if spec is None:
        return Unless()
    return Unless(tuple(spec.chained), tuple(spec.imports), tuple(spec.uses), tuple(spec.passes), tuple(spec.keyword.items()))
