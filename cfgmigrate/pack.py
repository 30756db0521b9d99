"""Rule packs: the pydantic models of the rule-file format, loading with line numbers,
and compilation into runtime :class:`~cfgmigrate.rules.Rule` objects.

Every problem is reported as ``pack.yaml:LINE: rule-id: message`` before any file is touched.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import pathspec
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from cfgmigrate.keypath import GLOBSTAR, KeyPath, KeyPathError
from cfgmigrate.leftovers import Retired
from cfgmigrate.rules import COERCE_TYPES, OPERATIONS, Op, Rule, RulePack
from cfgmigrate.types import Diagnostic
from cfgmigrate.versions.facts import VersionFactsSpec, compile_facts, facts_problems
from cfgmigrate.versions.model import canonical

CLASS_REF_PATTERN = r"^[^:]+\.py::[A-Za-z_][A-Za-z0-9_]*$"


class PackError(Exception):
    """A rule pack that cannot be used; carries one diagnostic per problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.render() for d in diagnostics))
        self.diagnostics = diagnostics


class RuleSpec(BaseModel):
    """One rule: exactly one operation key (``rename``, ``move``, ...) plus its options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Unique in the pack; shown in every report line.")
    rename: str | None = Field(None, description="Key path (or keyword, with `calls`) to rename; `to` is the new last segment.")
    move: str | None = Field(None, description="Key path to move; `to` is the whole new key path.")
    coerce: str | None = Field(None, description="Key path whose value is converted to the type in `to`.")
    add: str | None = Field(None, description="Field/keyword to add where missing, with `default`.")
    set_default: str | None = Field(None, description="Field whose default becomes `value`.")
    remove: str | None = Field(None, description="Key path (or keyword) to remove.")
    map: str | None = Field(None, description="Key path whose values are translated by `values`; `to` renames it too.")
    to: str | None = Field(
        None, description="rename: new name; move: new key path; coerce: bool|int|float|str|dtype; map: new name."
    )
    type: str | None = Field(None, description="Annotation of the field on a bound class (add, map).")
    default: Any = Field(None, description="add: the default value; map on a class: the field's new default.")
    value: Any = Field(None, description="set_default: the new default.")
    values: dict[Any, Any] | None = Field(None, description="map: old value -> new value.")
    otherwise: Literal["keep", "remove", "error"] = Field("keep", description="map: what to do with a value not in `values`.")
    when: Any = Field(None, description="Apply only where the current value equals this (or one of a list).")
    on_conflict: Literal["error", "keep", "replace"] = Field(
        "error", description="When the target key exists with another value."
    )
    calls: list[str] | None = Field(None, description="Keyword-argument form: callee patterns such as `*.from_pretrained`.")
    files: list[str] | None = Field(None, description="Globs (repo-relative) overriding the pack's `files`.")
    access: list[Literal["keys", "attributes"]] = Field(["keys"], description="Python accesses that follow a bound rename.")
    configs: bool = Field(False, description="add: also write the key into config files whose parent section exists.")
    versions: dict[str, VersionFactsSpec] | None = Field(
        None, description="Per distribution of the pack's `distributions`: since / deprecated / removed (PEP 440 strings)."
    )
    description: str = ""

    @model_validator(mode="after")
    def _one_operation(self) -> RuleSpec:
        ops = [op for op in OPERATIONS if getattr(self, op) is not None]
        if not ops:
            raise ValueError(f"no operation: give exactly one of {', '.join(OPERATIONS)}")
        if len(ops) > 1:
            raise ValueError(f"two operations in one rule ({' and '.join(ops)}): split it into two rules")
        _check_operation_fields(self, Op(ops[0]))
        return self

    @field_validator("files", "calls")
    @classmethod
    def _non_empty_patterns(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and any(not isinstance(p, str) or not p.strip() for p in v):
            raise ValueError("patterns must be non-empty strings")
        return v

    @property
    def op(self) -> Op:
        return next(Op(op) for op in OPERATIONS if getattr(self, op) is not None)

    @property
    def subject(self) -> str:
        return str(getattr(self, self.op.value))


def _check_operation_fields(spec: RuleSpec, op: Op) -> None:
    given = spec.model_fields_set
    if op in (Op.RENAME, Op.MOVE, Op.COERCE) and not spec.to:
        raise ValueError(f"{op.value} needs `to`")
    if op is Op.COERCE and spec.to not in COERCE_TYPES:
        raise ValueError(f"coerce `to` must be one of {', '.join(COERCE_TYPES)}, not {spec.to!r}")
    if op is Op.ADD and "default" not in given:
        raise ValueError("add needs `default`")
    if op is Op.SET_DEFAULT and "value" not in given:
        raise ValueError("set_default needs `value`")
    if op is Op.MAP and not spec.values:
        raise ValueError("map needs `values` (old value -> new value)")
    if op is Op.RENAME and spec.to and not spec.calls and "." in spec.to and spec.to[0] not in "\"'":
        raise ValueError("rename `to` is the new last segment; use `move` to change nesting")
    if spec.calls and op in (Op.MOVE, Op.SET_DEFAULT):
        raise ValueError(f"{op.value} does not apply to call keywords (`calls`)")
    if spec.calls and "." in spec.subject:
        raise ValueError("with `calls`, the subject is a keyword name, not a key path")
    _check_paths(spec, op)


def _check_paths(spec: RuleSpec, op: Op) -> None:
    try:
        source = KeyPath.parse(spec.subject)
        if op is Op.MOVE and spec.to:
            target = KeyPath.parse(spec.to)
            if GLOBSTAR in [target.segments[i] for i in range(len(target.segments)) if target.is_wild(i)]:
                raise ValueError("a move target cannot contain '**'")
            stars = sum(1 for i in range(len(source.segments)) if source.is_wild(i))
            if sum(1 for i in range(len(target.segments)) if target.is_wild(i)) > stars:
                raise ValueError("the move target has more '*' than its source")
        if op in (Op.RENAME, Op.MAP) and spec.to:
            KeyPath.parse(spec.to)
    except KeyPathError as e:
        raise ValueError(f"bad key path: {e}") from None


class VerifyConfig(BaseModel):
    """A config file (or a section of it) that must load into a class."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    config: str = Field(description="Config file path or glob, repo-relative.")
    class_: str = Field(alias="class", pattern=CLASS_REF_PATTERN, description="file.py::Class")
    section: str | None = Field(None, description="Key path of the section that the class holds.")


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


class VerifyLoader(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    call: str = Field(description="The project's loader: MODULE:function, MODULE:Class.method or FILE.py::function.")
    with_: dict[str, str] = Field(
        default_factory=dict,
        alias="with",
        description="Constructor arguments of the loader's class, each an importable class or function called without arguments.",
    )
    configs: list[str] = Field(default_factory=list, description="Configs it loads (globs; default: the pack's files).")


class VerifySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    configs: list[VerifyConfig] = []
    loader: VerifyLoader | None = None
    models: list[str] = Field([], description="Model configs (config.json, YAML section FILE::path, folders).")


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
    rules: list[RuleSpec]
    retired: list[RetiredSpec] = Field(default_factory=list, description="Names retired without a rule that rewrites them.")
    verify: VerifySpec | None = None

    @field_validator("schema_")
    @classmethod
    def _class_refs(cls, v: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        import re

        for prefix, refs in v.items():
            for ref in [refs] if isinstance(refs, str) else refs:
                if not re.match(CLASS_REF_PATTERN, ref):
                    raise ValueError(f"schema {prefix!r}: {ref!r} is not of the form file.py::Class")
                problem = path_problem(ref.partition("::")[0])
                if problem:
                    raise ValueError(f"schema {prefix!r}: {ref!r}: {problem}")
        return v


def json_schema() -> dict[str, Any]:
    """The JSON Schema of rule-pack files, for editors (``cfgmigrate rules schema``)."""
    schema = PackSpec.model_json_schema(by_alias=True)
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
    return compile_pack(spec, shown, raw)


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
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        out.append(Diagnostic(shown, _line_of(raw, loc), _rule_id(raw, loc), _message(err, loc)))
    return _dedupe(out)


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    field = ".".join(str(p) for p in loc[2:] if not isinstance(p, int)) if loc[:1] == ("rules",) else ".".join(map(str, loc))
    if err["type"] == "extra_forbidden":
        if loc[:1] == ("rules",) and len(loc) == 3:
            return f"unknown key `{loc[-1]}` (operations are: {', '.join(OPERATIONS)})"
        return f"unknown key `{loc[-1]}`"
    if err["type"] == "missing":
        return f"missing required `{field}`"
    msg = err["msg"].removeprefix("Value error, ")
    return f"`{field}`: {msg}" if field else msg


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
    verify = spec.verify.model_dump(by_alias=True) if spec.verify else {}
    distributions = tuple(dict.fromkeys(canonical(d) for d in spec.distributions))
    retired = tuple(_compile_retired(r, spec.files) for r in spec.retired)
    return RulePack(spec.name, shown, rules, tuple(spec.files), schema, spec.description, verify, retired, distributions)


def _compile_retired(spec: RetiredSpec, pack_files: list[str]) -> Retired:
    rule = spec.id or "retired-" + spec.name.strip("_").replace("_", "-")
    return Retired(spec.name, rule, spec.note, tuple(spec.files or pack_files), compile_facts(spec.versions))


def _compile_rule(spec: RuleSpec, shown: str, line: int) -> Rule:
    op = spec.op
    path = KeyPath.parse(spec.subject)
    target: KeyPath | None = None
    if op is Op.MOVE:
        target = KeyPath.parse(spec.to or "")
    elif op in (Op.RENAME, Op.MAP) and spec.to:
        to = KeyPath.parse(spec.to)
        target = path.with_last(to.last)
    value = spec.value if op is Op.SET_DEFAULT else spec.default
    has_value = ("value" if op is Op.SET_DEFAULT else "default") in spec.model_fields_set
    when = spec.when
    return Rule(
        id=spec.id,
        op=op,
        path=path,
        target=target,
        coerce_to=spec.to if op is Op.COERCE else None,
        value=value,
        has_value=has_value,
        annotation=spec.type,
        values=tuple((spec.values or {}).items()),
        otherwise=spec.otherwise,
        when=None if when is None else tuple(when) if isinstance(when, list) else (when,),
        on_conflict=spec.on_conflict,
        calls=tuple(spec.calls or ()),
        files=tuple(spec.files or ()),
        access=tuple(spec.access),
        configs=spec.configs,
        versions=compile_facts(spec.versions),
        description=spec.description,
        pack=shown,
        line=line,
    )


def builtin_pack_names() -> list[str]:
    from importlib import resources

    root = resources.files("cfgmigrate.builtin_packs")
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def load_builtin_pack(name: str) -> RulePack:
    from importlib import resources

    if name not in builtin_pack_names():
        known = ", ".join(builtin_pack_names()) or "none"
        raise PackError([Diagnostic(name, 0, "", f"no built-in pack named {name!r} (known: {known})")])
    resource = resources.files("cfgmigrate.builtin_packs") / f"{name}.yaml"
    return load_pack_text(resource.read_text(encoding="utf-8"), f"{name}.yaml")
