"""The pack side of ``rename_symbol`` (:mod:`cfgmigrate.ops.rename_symbol`): its fields, their validation, and its compilation."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.rename_symbol import RenameSymbol
from cfgmigrate.ops.specs.base import RuleSpec


def _qualified(text: str, what: str) -> None:
    parts = text.split(".")
    if len(parts) < 2 or not all(p.isidentifier() for p in parts):
        raise ValueError(f"{what} is a qualified name, module and symbol (`transformers.AutoModelForVision2Seq`)")


class RenameSymbolSpec(RuleSpec):
    rename_symbol: str = Field(description="The qualified name of the symbol: its module, a dot, its name.")
    to: str | None = Field(None, description="Its new qualified name (another module moves it), or its new name alone.")

    @model_validator(mode="after")
    def _valid(self) -> RenameSymbolSpec:
        if not self.to:
            raise ValueError("rename_symbol needs `to`")
        _qualified(self.rename_symbol, "rename_symbol")
        if "." in self.to:
            _qualified(self.to, "`to`")
        elif not self.to.isidentifier():
            raise ValueError("`to` is a qualified name or a plain name")
        if self.qualified_to() == self.rename_symbol:
            raise ValueError("`to` names the symbol itself")
        return self

    def qualified_to(self) -> str:
        to = self.to or ""
        return to if "." in to else f"{self.rename_symbol.rpartition('.')[0]}.{to}"


def compile_rule(spec: RenameSymbolSpec, common: dict[str, Any]) -> RenameSymbol:
    common = {**common, "path": KeyPath.parse(f'"{spec.rename_symbol}"')}  # one segment: never a config key path
    return RenameSymbol(**common, old=spec.rename_symbol, new=spec.qualified_to())


SPEC = RenameSymbolSpec
