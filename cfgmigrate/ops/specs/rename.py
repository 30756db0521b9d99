"""The pack side of ``rename`` (:mod:`cfgmigrate.ops.rename`): its fields, their validation, and its compilation."""

from __future__ import annotations

import ast
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops.base import (
    CONFLICT_HELP,
    parse_path,
)
from cfgmigrate.ops.rename import (
    RECEIVER,
    Rename,
    template_source,
)
from cfgmigrate.ops.specs.base import CallsSpec


class RenameSpec(CallsSpec):
    rename: str = Field(description="Key path (or keyword, with `calls`) to rename; `to` is the new last segment.")
    to: str | None = Field(
        None,
        description="The new last segment (or keyword); with `receivers:`, the new attribute name or an expression "
        'template naming the object, such as `{receiver}.rope_parameters["rope_theta"]`.',
    )
    on_conflict: Literal["error", "keep", "replace"] = Field("error", description=CONFLICT_HELP)
    access: list[Literal["keys", "attributes"]] = Field(["keys"], description="Python accesses that follow a bound rename.")
    parsers: list[str] | None = Field(
        None,
        description='Argparse-option form: the programs whose `add_argument("--NAME")` option is renamed, with the '
        "`args.NAME` reads of its namespace in the same file and every `--NAME` flag passed to the program (globs over "
        "the file's project path, `fastchat/serve/*.py`, or its module name, `fastchat.serve.*`; `*` for every argparse "
        "parser in the rule's files). The subject is the option's dest (`model_path` for `--model-path`). "
        "See docs/cli-flags.md.",
    )

    takes_receivers: ClassVar[bool] = True

    @model_validator(mode="after")
    def _valid(self) -> RenameSpec:
        if not self.to:
            raise ValueError("rename needs `to`")
        if self.parsers is not None:
            if self.receivers:
                raise ValueError("a rule has either `receivers:` (attributes) or `parsers:` (argparse options), not both")
            if self.on_conflict != "error":
                raise ValueError("with `parsers:`, a file that already defines the new option is an error (no `on_conflict`)")
            _check_option_rule(self.rename, self.to, self.parsers, bool(self.calls))
            return self
        if self.receivers:
            _check_attribute_rule(self.rename, self.to, bool(self.calls))
            return self
        if not self.calls and "." in self.to and self.to[0] not in "\"'":
            raise ValueError("rename `to` is the new last segment; use `move` to change nesting")
        self.check_keyword(self.rename)
        parse_path(self.rename)
        parse_path(self.to)
        return self


def _check_option_rule(subject: str, to: str, parsers: list[str], calls: bool) -> None:
    """With ``parsers``: the subject and ``to`` are argparse dests (identifiers), the patterns non-empty."""
    if calls:
        raise ValueError("a rule has either `calls:` (keywords) or `parsers:` (argparse options), not both")
    if not parsers or any(not isinstance(p, str) or not p.strip() for p in parsers):
        raise ValueError("`parsers:` needs non-empty patterns")
    for name, what in ((subject, "the subject"), (to, "`to`")):
        if not name.isidentifier():
            raise ValueError(f"with `parsers:`, {what} is an option's dest (`model_path` for `--model-path`), not {name!r}")


_PLACEHOLDER = "__cfgmigrate_receiver__"


def _check_attribute_rule(subject: str, to: str, calls: bool) -> None:
    """With ``receivers``: the subject is an attribute name, ``to`` a name or an expression template."""
    if calls:
        raise ValueError("a rule has either `calls:` (keywords) or `receivers:` (attributes), not both")
    if not subject.isidentifier():
        raise ValueError("with `receivers`, the subject is an attribute name, not a key path")
    if RECEIVER not in to:
        if not to.isidentifier():
            raise ValueError("with `receivers`, `to` is the new attribute name or a template naming {receiver}")
        return
    try:
        tree = ast.parse(template_source(to, _PLACEHOLDER), mode="eval")
    except (SyntaxError, ValueError) as e:
        raise ValueError(f"the template `to` is not a Python expression with {{receiver}}: {e}") from None
    if not isinstance(tree.body, (ast.Attribute, ast.Subscript, ast.Call)):
        raise ValueError("the template `to` must be an attribute, subscript or call on {receiver}")


def compile_rule(spec: RenameSpec, common: dict[str, Any]) -> Rename:
    path: KeyPath = common["path"]
    to = spec.to or ""
    if RECEIVER in to:
        return Rename(**common, target=path, on_conflict=spec.on_conflict, access=tuple(spec.access), expression=to)
    target = path.with_last(KeyPath.parse(to).last)
    parsers = tuple(spec.parsers or ())
    return Rename(**common, target=target, on_conflict=spec.on_conflict, access=tuple(spec.access), parsers=parsers)


SPEC = RenameSpec
