"""The pack side of ``add`` (:mod:`cfgmigrate.ops.add`): its fields, their validation, and its compilation."""

from __future__ import annotations

import ast
from typing import Any, Literal

from pydantic import Field, model_validator

from cfgmigrate.ops.add import Add
from cfgmigrate.ops.base import (
    parse_path,
)
from cfgmigrate.ops.specs.base import CallsSpec


class AddSpec(CallsSpec):
    add: str = Field(description="Field/keyword to add where missing, with `default`.")
    default: Any = Field(None, description="The value of the new field, keyword or key.")
    type: str | None = Field(None, description="Annotation of the field on a bound class.")
    configs: bool = Field(False, description="Also write the key into config files whose parent section exists.")
    expr: str | None = Field(
        None,
        description="With `calls`: the keyword's value as a Python expression that names variables in scope at the call "
        "(`compute_dtype`, `{'': local_rank}`); where a name it reads is not bound there, `default` is added instead, "
        "or, without `default`, the call is reported and left as it is. Parsed, never evaluated.",
    )

    unbound: Literal["report", "skip"] = Field(
        "report",
        description="With `expr` and no `default`: a call where a name of `expr` is not bound is reported (default) "
        "or passed over without a word (a rule that adds the expression only where the script has it).",
    )

    @model_validator(mode="after")
    def _valid(self) -> AddSpec:
        if self.unbound != "report" and (self.expr is None or "default" in self.model_fields_set):
            raise ValueError("`unbound` says what `expr` does where a name is unbound without a `default`")
        if self.expr is not None:
            expression_problem(self.expr, bool(self.calls), self.configs)
        elif "default" not in self.model_fields_set:
            raise ValueError("add needs `default`")
        self.check_keyword(self.add)
        parse_path(self.add)
        return self


def compile_rule(spec: AddSpec, common: dict[str, Any]) -> Add:
    has_default = "default" in spec.model_fields_set
    return Add(
        **common,
        value=spec.default,
        annotation=spec.type,
        configs=spec.configs,
        expr=spec.expr,
        has_default=has_default,
        unbound=spec.unbound,
    )


def expression_problem(expr: str, calls: bool, configs: bool) -> None:
    """``expr`` must be one Python expression, and only call keywords can take one."""
    if not calls or configs:
        raise ValueError("`expr` is a keyword value written into calls: give `calls:` (and no `configs`)")
    try:
        ast.parse(expr.strip(), mode="eval")
    except SyntaxError as e:
        raise ValueError(f"`expr` is not a Python expression: {e.msg}") from None


SPEC = AddSpec
