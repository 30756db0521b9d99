"""Rule packs: the pydantic models of the rule-file format, loading with line numbers,
and compilation into runtime :class:`~cfgmigrate.rules.Rule` objects.

Every problem is reported as ``pack.yaml:LINE: rule-id: message`` before any file is touched.
"""

from __future__ import annotations

import io
import operator
from collections.abc import Iterable
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import pathspec
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from cfgmigrate import engines
from cfgmigrate.bound_flags import with_bound_programs
from cfgmigrate.errors import PackError as PackError
from cfgmigrate.leftovers import Retired
from cfgmigrate.ops import OPERATIONS, REGISTRY
from cfgmigrate.ops.specs.base import RuleSpec as CommonRuleSpec
from cfgmigrate.ops.specs.base import common_fields, operation_fields, subject_of
from cfgmigrate.rules import Rule, RulePack
from cfgmigrate.suggest import closest, did_you_mean
from cfgmigrate.types import Diagnostic
from cfgmigrate.versions.facts_spec import VersionFactsSpec, compile_facts, facts_problems
from cfgmigrate.versions.model import canonical

CLASS_REF_PATTERN = r"^[^:]+\.py::[A-Za-z_][A-Za-z0-9_]*$"
DOTTED_CLASS_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$"


def _operation_key(raw: Any) -> str:
    """The tag of a rule: its one operation key, or INVALID (no operation, or two)."""
    if not isinstance(raw, dict):
        return INVALID
    ops = [op for op in OPERATIONS if raw.get(op) is not None]
    return ops[0] if len(ops) == 1 else INVALID


INVALID = "invalid-rule"


class InvalidRule(BaseModel):
    """A rule with no operation or with two: every known field, so that an unknown key is named."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _one_operation(self) -> InvalidRule:
        given = [op for op in OPERATIONS if subject_of(self, op) is not None]
        if not given:
            raise ValueError(f"no operation: give exactly one of {', '.join(OPERATIONS)}")
        raise ValueError(f"two operations in one rule ({' and '.join(given)}): split it into two rules")


def _all_fields_model() -> type[InvalidRule]:
    fields: dict[str, Any] = {}
    for op in REGISTRY.values():
        for name, info in op.spec.model_fields.items():
            fields.setdefault(name, (Any, Field(None, alias=info.alias)) if name != "id" else (info.annotation, info))
    return create_model("InvalidRule", __base__=InvalidRule, **fields)


def _tagged_union() -> Any:
    """Each operation's model, chosen by the rule's operation key; the fallback names what is wrong."""
    members = [Annotated[op.spec, Tag(name)] for name, op in REGISTRY.items()]
    members.append(Annotated[_all_fields_model(), Tag(INVALID)])
    return Annotated[reduce(operator.or_, members), Discriminator(_operation_key)]


if TYPE_CHECKING:
    RuleSpec = CommonRuleSpec
else:
    RuleSpec = _tagged_union()


class VerifyConfig(BaseModel):
    """A config file (or a section of it) that must load into a class."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    config: str = Field(description="Config file path or glob, repo-relative.")
    class_: str = Field(alias="class", pattern=CLASS_REF_PATTERN, description="file.py::Class")
    section: str | None = Field(None, description="Key path of the section that the class holds.")

    @field_validator("config", "class_")
    @classmethod
    def _inside(cls, v: str) -> str:
        return _inside_root(v)


def _inside_root(value: str) -> str:
    """A verify path (``file.py::name``, ``file.yaml::section``, a glob) that stays in the project."""
    problem = path_problem(value.partition("::")[0])
    if problem:
        raise ValueError(f"{value!r}: {problem}")
    return value


class RetiredSpec(BaseModel):
    """A name the pack retires without a rule that rewrites it: the leftovers pass reports each
    occurrence still in scope after the rules (a field removed without a successor, an attribute
    read, a CLI flag)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="The retired identifier (also found as `--name` flags).")
    note: str = Field(description="What to do where it is found; shown in the report.")
    id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Shown as the rule in reports; default `retired-NAME`."
    )
    files: list[str] | None = Field(None, description="Globs (repo-relative) overriding the pack's `files`.")
    versions: dict[str, VersionFactsSpec] | None = Field(
        None, description="As a rule's: the name is reported only where the project's versions have reached `since`."
    )
    calls: list[str] | None = Field(
        None,
        description="The retired API is a keyword of these calls (`transformers.*.from_pretrained`): in Python, only "
        "such a keyword (or a string that is the name alone) is a warning; a keyword of another resolved call is not "
        "reported; the project's own parameters, attributes, flags and text are notes of lower confidence.",
    )
    attributes: bool = Field(
        False,
        description="The retired API is an attribute (`config.rope_theta`): in Python, only an attribute read or write "
        "(or getattr/setattr/hasattr with the name) is a warning; other occurrences are notes of lower confidence.",
    )


class VerifyLoader(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    call: str = Field(description="The project's loader: MODULE:function, MODULE:Class.method or FILE.py::function.")
    with_: dict[str, str] = Field(
        default_factory=dict,
        alias="with",
        description="Constructor arguments of the loader's class, each an importable class or function called without arguments.",
    )
    configs: list[str] = Field(default_factory=list, description="Configs it loads (globs; default: the pack's files).")

    @field_validator("call")
    @classmethod
    def _call_inside(cls, v: str) -> str:
        return _inside_root(v) if "::" in v else v

    @field_validator("configs")
    @classmethod
    def _configs_inside(cls, v: list[str]) -> list[str]:
        return [_inside_root(g) for g in v]


class VerifySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    configs: list[VerifyConfig] = []
    loader: VerifyLoader | None = None
    models: list[str] = Field([], description="Model configs (config.json, YAML section FILE::path, folders).")

    @field_validator("models")
    @classmethod
    def _models_inside(cls, v: list[str]) -> list[str]:
        return [_inside_root(m) for m in v]


class PackSpec(BaseModel):
    """A rule pack file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(pattern=r"^[a-z0-9-]+$", description="Lowercase letters, digits and '-'.")
    description: str = ""
    files: list[str] = Field(default_factory=lambda: ["**/*"], description="Default scope of every rule (repo-relative globs).")
    schema_: dict[str, str | list[str]] = Field(
        default_factory=dict, alias="schema", description="Key-path prefix -> file.py::Class (or a list of them)."
    )
    distributions: list[str] = Field([], description="The Python distributions whose versions the rules' `versions` facts name.")
    targets: str | list[str] = Field(
        [],
        description="The class (file.py::Class, or an importable dotted name) whose fields the rules' new names must be: "
        "`rules check` and `apply` refuse a rename to a name it lacks.",
    )
    template: str | None = Field(
        None,
        description="This pack is a template: what to do to make it concrete (copy it, set `targets:`, check the names). "
        "`apply` refuses a template; delete this key in the copy.",
    )
    rules: list[RuleSpec]
    retired: list[RetiredSpec] = Field(default_factory=list, description="Names retired without a rule that rewrites them.")
    verify: VerifySpec | None = None

    @field_validator("targets")
    @classmethod
    def _target_refs(cls, v: str | list[str]) -> str | list[str]:
        import re

        for ref in [v] if isinstance(v, str) else v:
            if not re.match(CLASS_REF_PATTERN, ref) and not re.match(DOTTED_CLASS_PATTERN, ref):
                raise ValueError(f"{ref!r} is neither file.py::Class nor a dotted name such as transformers.LlamaConfig")
            problem = path_problem(ref.partition("::")[0]) if "::" in ref else ""
            if problem:
                raise ValueError(f"{ref!r}: {problem}")
        return v

    @field_validator("schema_")
    @classmethod
    def _class_refs(cls, v: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        import re

        for prefix, refs in v.items():
            for ref in [refs] if isinstance(refs, str) else refs:
                if ref.partition("::")[0].endswith(".ipynb"):
                    raise ValueError(
                        f"schema {prefix!r}: {ref!r}: a class defined in a notebook is not a `schema:` target (yet); "
                        "move it into a .py file that the notebook imports"
                    )
                if not re.match(CLASS_REF_PATTERN, ref):
                    raise ValueError(f"schema {prefix!r}: {ref!r} is not of the form file.py::Class")
                problem = path_problem(ref.partition("::")[0])
                if problem:
                    raise ValueError(f"schema {prefix!r}: {ref!r}: {problem}")
        return v


def json_schema() -> dict[str, Any]:
    """The JSON Schema of rule-pack files, for editors (``cfgmigrate rules schema``)."""
    schema = PackSpec.model_json_schema(by_alias=True)
    invalid = schema["$defs"].pop("InvalidRule")  # validation's fallback, not a form a pack may take
    items = schema["properties"]["rules"]["items"]
    items["oneOf"] = [ref for ref in items["oneOf"] if ref != {"$ref": "#/$defs/InvalidRule"}]
    assert invalid
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cfgmigrate rule pack"
    return schema


# ---------------------------------------------------------------------------------------------
# Loading


def load_pack(path: str | Path, display: str | None = None) -> RulePack:
    """Read, validate and compile a pack file; raise PackError with every problem found."""
    path = Path(path)
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PackError([Diagnostic(shown, 0, "", f"cannot read rule pack: {e}")]) from None
    return load_pack_text(text, shown)


def load_pack_text(text: str, shown: str) -> RulePack:
    raw = _parse_yaml(text, shown)
    try:
        spec = PackSpec.model_validate(_plain(raw))
    except ValidationError as e:
        raise PackError(_diagnostics(e, raw, shown)) from None
    problems = _semantic_problems(spec, raw, shown)
    if problems:
        raise PackError(problems)
    pack = compile_pack(spec, shown, raw)
    problems = engines.pack_problems(pack)  # asked of an engine that refuses it, or of none
    if problems:
        raise PackError(problems)
    return pack


def _parse_yaml(text: str, shown: str) -> Any:
    yaml = YAML(typ="rt")
    try:
        raw = yaml.load(io.StringIO(text))
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        raise PackError([Diagnostic(shown, line, "", f"YAML syntax error: {e.problem or e}")]) from None
    except Exception as e:  # ruamel raises several unrelated types for broken input
        raise PackError([Diagnostic(shown, 0, "", f"YAML error: {e}")]) from None
    if not isinstance(raw, dict):
        raise PackError([Diagnostic(shown, 1, "", "a rule pack is a mapping with `name` and `rules`")])
    return raw


def _plain(node: Any) -> Any:
    """ruamel's round-trip types -> plain Python (keeps bool keys of `values`)."""
    if isinstance(node, dict):
        return {_plain(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _line_of(raw: Any, loc: tuple[Any, ...]) -> int:
    """Best line (1-based) for a pydantic error location inside the round-trip document."""
    node, line = raw, 1
    for part in loc:
        try:
            if isinstance(node, dict) and part in node:
                line = node.lc.key(part)[0] + 1  # type: ignore[attr-defined]
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1  # type: ignore[attr-defined]
                node = node[part]
            else:
                break
        except (AttributeError, KeyError, TypeError):
            break
    return line


def _rule_id(raw: Any, loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = raw.get("rules") if isinstance(raw, dict) else None
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            return str(rules[loc[1]].get("id") or f"rules[{loc[1]}]")
        return f"rules[{loc[1]}]"
    return ""


def _diagnostics(e: ValidationError, raw: Any, shown: str) -> list[Diagnostic]:
    out = []
    for err in e.errors():
        loc = tuple(p for p in _untagged(err["loc"]) if not (isinstance(p, str) and "[" in p))
        out.append(Diagnostic(shown, _line_of(raw, loc), _rule_id(raw, loc), _message(err, loc)))
    return _dedupe(out)


def _untagged(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A rule's location without the union tag pydantic puts after its index (``rules.0.rename.to``)."""
    if len(loc) >= 3 and loc[0] == "rules" and isinstance(loc[1], int):
        return loc[:2] + loc[3:]
    return loc


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    in_rule = loc[:1] == ("rules",) and len(loc) > 1
    field = ".".join(str(p) for p in loc[2:] if not isinstance(p, int)) if in_rule else ".".join(map(str, loc))
    if err["type"] == "extra_forbidden":
        return _unknown_key(str(loc[-1]), err, loc)
    if err["type"] == "missing":
        return f"missing required `{field}`"
    msg = err["msg"].removeprefix("Value error, ")
    return f"`{field}`: {msg}" if field else msg


def _unknown_key(key: str, err: Any, loc: tuple[Any, ...]) -> str:
    """An unknown key, with the closest known one (``too`` -> ``to``, ``renam`` -> ``rename``)."""
    tag = err["loc"][2] if len(err["loc"]) > 3 and err["loc"][0] == "rules" else INVALID
    if loc[:1] == ("rules",) and len(loc) == 3 and tag in REGISTRY:
        takes = [f for f in operation_fields(REGISTRY[tag].spec) if f not in ("id", tag)]
        return f"unknown key `{key}` for {tag}" + (did_you_mean(key, takes) or f" (it takes: {', '.join(takes)})")
    if loc[:1] == ("rules",) and len(loc) == 3:
        return f"unknown key `{key}`" + (did_you_mean(key, OPERATIONS) or f" (operations are: {', '.join(OPERATIONS)})")
    return f"unknown key `{key}`" + (did_you_mean(key, PackSpec.model_fields) if len(loc) == 1 else "")


def _dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for d in diags:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return sorted(out, key=lambda d: d.line)


def _semantic_problems(spec: PackSpec, raw: Any, shown: str) -> list[Diagnostic]:
    out = []
    seen: dict[str, int] = {}
    for i, rule in enumerate(spec.rules):
        line = _line_of(raw, ("rules", i))
        if rule.id in seen:
            out.append(Diagnostic(shown, line, rule.id, f"duplicate rule id (first used on line {seen[rule.id]})"))
        seen.setdefault(rule.id, line)
        for glob in rule.files or []:
            problem = glob_problem(glob)
            if problem:
                out.append(Diagnostic(shown, _line_of(raw, ("rules", i, "files")), rule.id, problem))
    for glob in spec.files:
        problem = glob_problem(glob)
        if problem:
            out.append(Diagnostic(shown, _line_of(raw, ("files",)), "", problem))
    out += facts_problems(spec.distributions, spec.rules, lambda loc: _line_of(raw, loc), shown)
    out += facts_problems(spec.distributions, spec.retired, lambda loc: _line_of(raw, loc), shown, "retired")
    return sorted(out, key=lambda d: d.line)


def path_problem(path: str) -> str:
    """Why a repo-relative path (a schema file) would leave the project root, or ''."""
    if path.startswith("/") or path.startswith("\\") or (len(path) > 1 and path[1] == ":"):
        return "paths are relative to the project root"
    if ".." in path.replace("\\", "/").split("/"):
        return "'..' leaves the project root"
    return ""


def glob_problem(glob: str) -> str:
    """Why a `files` glob is unusable, or ''."""
    outside = path_problem(glob)
    if outside:
        return f"bad glob {glob!r}: {outside.replace('paths are', 'globs are')}"
    if glob.count("[") != glob.count("]"):
        return f"bad glob {glob!r}: unbalanced '['"
    try:
        pathspec.PathSpec.from_lines("gitignore", [glob])
    except Exception as e:  # pathspec raises GitWildMatchPatternError and ValueError
        return f"bad glob {glob!r}: {e}"
    return ""


# ---------------------------------------------------------------------------------------------
# Compiling


def compile_pack(spec: PackSpec, shown: str, raw: Any = None) -> RulePack:
    rules = tuple(
        _compile_rule(r, shown, _line_of(raw, ("rules", i)) if raw is not None else 0) for i, r in enumerate(spec.rules)
    )
    schema = tuple((k, (v,) if isinstance(v, str) else tuple(v)) for k, v in spec.schema_.items())
    rules = tuple(with_bound_programs(r, schema) for r in rules)  # a bound field's --flag follows it
    verify = spec.verify.model_dump(by_alias=True) if spec.verify else {}
    distributions = tuple(dict.fromkeys(canonical(d) for d in spec.distributions))
    retired = tuple(_compile_retired(r, spec.files) for r in spec.retired)
    targets = (spec.targets,) if isinstance(spec.targets, str) else tuple(spec.targets)
    targets_line = _line_of(raw, ("targets",)) if raw is not None and targets else 0
    template = (spec.template or "", _line_of(raw, ("template",)) if raw is not None and spec.template else 0)
    return RulePack(
        spec.name,
        shown,
        rules,
        tuple(spec.files),
        schema,
        spec.description,
        verify,
        retired,
        distributions,
        targets,
        targets_line,
        template,
    )


def _compile_retired(spec: RetiredSpec, pack_files: list[str]) -> Retired:
    rule = spec.id or "retired-" + spec.name.strip("_").replace("_", "-")
    files = tuple(spec.files or pack_files)
    return Retired(spec.name, rule, spec.note, files, compile_facts(spec.versions), tuple(spec.calls or ()), spec.attributes)


def _compile_rule(spec: CommonRuleSpec, shown: str, line: int) -> Rule:
    op = next(op for op in REGISTRY.values() if isinstance(spec, op.spec))
    return op.compile(spec, common_fields(spec, str(subject_of(spec, op.name)), shown, line))


def builtin_pack_names() -> list[str]:
    from cfgmigrate import builtin_packs

    return builtin_packs.names()


def load_builtin_pack(name: str) -> RulePack:
    from cfgmigrate import builtin_packs

    if name not in builtin_packs.names():
        match = closest(name, builtin_packs.names())
        hint = f"did you mean {match!r}?" if match else f"known: {', '.join(builtin_packs.names()) or 'none'}"
        raise PackError([Diagnostic(name, 0, "", f"no built-in pack named {name!r} ({hint})")])
    return load_pack_text(builtin_packs.text(name), f"{name}.yaml")
