"""Keyword arguments at call sites, found with Python's ``ast`` and edited as text spans.

Callees are matched by qualified name through the module's imports and aliases
(``from transformers import pipeline as make_pipeline`` -> ``transformers.pipeline``); a name that
a function binds itself (a parameter, an assignment) shadows the import and is matched by its
dotted text. Dicts that a function splats (``**kw``) into a matching call follow a rename too:
``kw = {"torch_dtype": ...}``, ``kw = dict(torch_dtype=...)``, ``kw["torch_dtype"] = ...``,
``kw.update(torch_dtype=...)``.

Why not libcst here: on large files its scope analysis costs seconds per file, while ``ast`` parses
them in milliseconds and gives exact offsets; the text between the edits is never touched.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.python import literals
from cfgmigrate.engines.python.precedence import needs_parentheses_as_condition
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.scalars import CoercionError, coerce
from cfgmigrate.rules import Op, Rule, RulePack, is_missing, same_value
from cfgmigrate.types import Change, Edit


class Offsets:
    """ast's (line, UTF-8 byte column) positions -> string indexes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for line in text.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def at(self, line: int, col: int) -> int:
        start = self.starts[line - 1]
        row = self.text[start : self.starts[line] if line < len(self.starts) else len(self.text)]
        return start + len(row.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def start(self, node: ast.AST) -> int:
        return self.at(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.at(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def source(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]


@dataclass
class Scope:
    """One function (or the module): the names it binds itself and the dicts it splats."""

    node: ast.AST
    local: set[str] = field(default_factory=set)
    splatted: set[str] = field(default_factory=set)


def imports_of(tree: ast.AST) -> dict[str, str]:
    """Local name -> qualified name, for every import in the module."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def dotted(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [*dotted(node.value), node.attr]
    return ["?"]


def callee_name(func: ast.expr, imports: dict[str, str], scope: Scope) -> str:
    parts = dotted(func)
    head = parts[0]
    if head in imports and head not in scope.local:
        return ".".join([imports[head], *parts[1:]])
    return ".".join(parts)


def _scopes(tree: ast.Module) -> Iterator[Scope]:
    yield Scope(tree, set())
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield Scope(node, _bound_names(node))


def _bound_names(fn: ast.AST) -> set[str]:
    args = fn.args  # type: ignore[attr-defined]
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _calls_in(scope: Scope, scopes: list[Scope]) -> Iterator[ast.Call]:
    """Calls whose innermost enclosing function is this scope."""
    inner = {id(s.node) for s in scopes if s.node is not scope.node}
    stack = list(ast.iter_child_nodes(scope.node))
    while stack:
        node = stack.pop()
        if id(node) in inner:
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


class CallRule:
    """One call rule carried out on one module's text."""

    def __init__(self, rule: Rule, pack: RulePack, text: str, report: Report) -> None:
        self.rule, self.pack, self.report = rule, pack, report
        self.tree = ast.parse(text)
        self.at = Offsets(text)
        self.imports = imports_of(self.tree)
        self.edits: dict[Edit, Change | None] = {}  # one entry per edit, however many routes reach it

    def run(self) -> str:
        first_diagnostic = len(self.report.diagnostics)
        text = self._run()
        self.report.changes.sort(key=lambda c: c.line)  # ast.walk's order is not the reader's
        self.report.diagnostics[first_diagnostic:] = sorted(self.report.diagnostics[first_diagnostic:], key=lambda d: d.line)
        return text

    def _run(self) -> str:
        scopes = list(_scopes(self.tree))
        for scope in scopes:
            for call in _calls_in(scope, scopes):
                if self._matches(call, scope):
                    scope.splatted |= {k.value.id for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)}
                    self._keyword_op(call)
            if scope.splatted and self.rule.op is Op.RENAME:
                self._splatted_dicts(scope, scopes)
        try:
            text = apply_edits(self.at.text, self.edits)
        except OverlappingEdits as e:
            self.report.error(self.rule, 0, f"edits of this rule overlap ({e}); file left as it was")
            return self.at.text
        self.report.changes += [change for change in self.edits.values() if change is not None]
        return text

    def _emit(self, edit: Edit, line: int = 0, message: str = "") -> None:
        """Record an edit and the change it makes; an edit reached again by another route is the same edit."""
        if edit not in self.edits:
            self.edits[edit] = Change(self.rule.id, line, message) if message else None

    def _matches(self, call: ast.Call, scope: Scope) -> bool:
        name = callee_name(call.func, self.imports, scope)
        return any(fnmatchcase(name, p) for p in self.rule.calls)

    # -- the operations ---------------------------------------------------------------------

    def _keyword_op(self, call: ast.Call) -> None:
        kw = _keyword(call, self.rule.path.last)
        if self.rule.op is Op.ADD:
            if kw is None:
                self._add(call)
            return
        if kw is None:
            return
        op = {Op.RENAME: self._rename, Op.REMOVE: self._remove, Op.COERCE: self._coerce, Op.MAP: self._map}.get(self.rule.op)
        if op is not None:
            op(call, kw)

    def _rename_keyword(self, call: ast.Call, kw: ast.keyword, new: str, verb: str) -> Edit | None:
        if _keyword(call, new) is not None:
            self.report.error(self.rule, call.lineno, f"cannot {verb} keyword {kw.arg} to {new}: the call already passes {new}")
            return None
        start = self.at.start(kw)
        return Edit(start, start + len(kw.arg or ""), new)

    def _rename(self, call: ast.Call, kw: ast.keyword) -> None:
        assert self.rule.target is not None
        edit = self._rename_keyword(call, kw, self.rule.target.last, "rename")
        if edit is not None:
            self._emit(edit, kw.lineno, f"renamed keyword {kw.arg} to {self.rule.target.last}")

    def _remove(self, call: ast.Call, kw: ast.keyword) -> None:
        self._emit(self._own_lines(kw) or self._removal(call, kw), kw.lineno, f"removed keyword {kw.arg}")

    def _own_lines(self, kw: ast.keyword) -> Edit | None:
        """A keyword alone on its line(s) leaves with them, its trailing comment included."""
        text, start, end = self.at.text, self.at.start(kw), self.at.end(kw)
        line_start = text.rfind("\n", 0, start) + 1
        match = _REST_OF_LINE.match(text, end)
        if text[line_start:start].strip() or match is None:
            return None
        return Edit(line_start, match.end(), "")

    def _removal(self, call: ast.Call, kw: ast.keyword) -> Edit:
        items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        i = items.index(kw)
        if i + 1 < len(items):
            return Edit(self.at.start(kw), self.at.start(items[i + 1]), "")
        if i > 0:
            return Edit(self.at.end(items[i - 1]), self.at.end(kw), "")
        end = self.at.end(kw)
        end = end + 1 if self.at.text[end : end + 1] == "," else end
        return Edit(self.at.start(kw), end, "")

    def _coerce(self, call: ast.Call, kw: ast.keyword) -> None:
        try:
            current = ast.literal_eval(kw.value)
        except ValueError:
            self.report.warn(
                self.rule, kw.lineno, f"keyword {kw.arg}={self.at.source(kw.value)} is not a literal; left for a person"
            )
            return
        try:
            value = coerce(current, self.rule.coerce_to or "str")
        except CoercionError as e:
            self.report.error(self.rule, kw.lineno, f"cannot coerce keyword {kw.arg}: {e}")
            return
        if value == current and type(value) is type(current):
            return
        message = f"coerced keyword {kw.arg} to {self.rule.coerce_to}"
        self._emit(self._value_edit(kw, literals.source(value, self._quote(kw.value))), kw.lineno, message)

    def _quote(self, node: ast.expr) -> str:
        return "'" if self.at.source(node).startswith("'") else '"'

    def _value_edit(self, kw: ast.keyword, text: str) -> Edit:
        return Edit(self.at.start(kw.value), self.at.end(kw.value), text)

    def _map(self, call: ast.Call, kw: ast.keyword) -> None:
        new_name = self.rule.target.last if self.rule.target is not None else kw.arg or ""
        value = self._mapped_value(kw)
        if value is None:
            return
        edits = [self._value_edit(kw, value)] if value != self.at.source(kw.value) else []
        if new_name != kw.arg:
            rename = self._rename_keyword(call, kw, new_name, "map")
            if rename is None:
                return
            edits.insert(0, rename)
        for i, edit in enumerate(edits):
            self._emit(edit, kw.lineno, "" if i else f"mapped keyword {kw.arg} to {new_name}")

    def _mapped_value(self, kw: ast.keyword) -> str | None:
        try:
            current = ast.literal_eval(kw.value)
        except ValueError:
            return self._nonliteral(kw)
        new = self.rule.mapped(current)
        if is_missing(new):
            if not self.rule.already_mapped(current):
                self.report.warn(
                    self.rule, kw.lineno, f"keyword {kw.arg}={current!r} is not in `values`; left as it is (needs a person)"
                )
            return None
        return literals.source(new, self._quote(kw.value))

    def _nonliteral(self, kw: ast.keyword) -> str | None:
        source = self.at.source(kw.value)
        if _reads_mapped_setting(self.rule, self.pack, kw.value):
            return source  # already in the new vocabulary: only the keyword changes
        keys = [k for k, _ in self.rule.values]
        if len(keys) == 2 and all(isinstance(k, bool) for k in keys) and set(keys) == {True, False}:
            yes, no = self.rule.mapped(True), self.rule.mapped(False)
            condition = f"({source})" if needs_parentheses_as_condition(kw.value, source) else source
            return f"{literals.source(yes)} if {condition} else {literals.source(no)}"
        self.report.warn(
            self.rule, kw.lineno, f"keyword {kw.arg}={source} is not a literal and `values` is not true/false; left for a person"
        )
        return None

    def _add(self, call: ast.Call) -> None:
        name = self.rule.path.last
        if any(k.arg is None for k in call.keywords):
            self.report.warn(
                self.rule, call.lineno, f"not adding {name}=...: the call splats **kwargs, which may already carry it"
            )
            return
        item = f"{name}={literals.source(self.rule.value)}"
        self._emit(self._insertion(call, item), call.lineno, f"added keyword {name}")

    def _insertion(self, call: ast.Call, item: str) -> Edit:
        items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        text = self.at.text
        if not items:
            paren = text.index("(", self.at.end(call.func))
            return Edit(paren + 1, paren + 1, item)
        last_end = self.at.end(items[-1])
        rest = text[last_end : self.at.end(call)]
        if rest.lstrip().startswith(",") and "\n" in rest:  # trailing comma, one argument per line
            comma = last_end + rest.index(",") + 1
            line_start = text.rfind("\n", 0, self.at.start(items[-1])) + 1
            indent = text[line_start : self.at.start(items[-1])]
            if indent.strip():  # the last argument shares its line: the new one joins it there
                return Edit(comma, comma, f" {item},")
            comment = _COMMENT.match(text, comma)  # a comment after the comma stays on its line
            after = comment.end() if comment else comma
            nl = "\r\n" if text[after : after + 2] == "\r\n" else "\n"
            return Edit(after, after, f"{nl}{indent}{item},")
        return Edit(last_end, last_end, f", {item}")

    # -- dicts splatted into matching calls ---------------------------------------------------

    def _splatted_dicts(self, scope: Scope, scopes: list[Scope]) -> None:
        assert self.rule.target is not None
        old, new = self.rule.path.last, self.rule.target.last
        names = self._unread(scope, scopes, old)
        for node in _nodes_in(scope, scopes):
            for target, value in _assignments(node):
                if isinstance(target, ast.Name) and target.id in names:
                    self._dict_value(value, old, new)
                elif _is_key_subscript(target, names, old):
                    self._string(target.slice, new)  # type: ignore[attr-defined]
            if _is_update_of(node, names):
                self._dict_call(node, old, new)  # type: ignore[arg-type]
                for arg in node.args:  # type: ignore[attr-defined]
                    self._dict_value(arg, old, new)

    def _unread(self, scope: Scope, scopes: list[Scope], key: str) -> set[str]:
        """The splatted dicts whose ``key`` the function does not read itself. Where it does
        (``kw.get("torch_dtype")`` to convert a user's value), renaming only the writes would pass
        both keys, so such a dict is left whole and reported."""
        reads: dict[str, int] = {}
        for node in _nodes_in(scope, scopes):
            name = _key_read(node, key)
            if name in scope.splatted:
                reads[name] = min(reads.get(name, node.lineno), node.lineno)  # type: ignore[attr-defined]
        for name, line in sorted(reads.items(), key=lambda item: item[1]):
            self.report.warn(
                self.rule,
                line,
                f"{name} is splatted into a matching call but also read as {name}[{key!r}] here; "
                f"its key {key} is left for a person",
            )
        return scope.splatted - set(reads)

    def _dict_value(self, value: ast.expr, old: str, new: str) -> None:
        if isinstance(value, ast.Dict):
            for key in value.keys:
                if isinstance(key, ast.Constant) and key.value == old:
                    self._string(key, new)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            self._dict_call(value, old, new)

    def _dict_call(self, call: ast.Call, old: str, new: str) -> None:
        kw = _keyword(call, old)
        edit = self._rename_keyword(call, kw, new, "rename") if kw is not None else None
        if kw is not None and edit is not None:
            self._emit(edit, kw.lineno, f"renamed key {old} of a dict splatted into a matching call")

    def _string(self, node: ast.expr, new: str) -> None:
        edit = Edit(self.at.start(node), self.at.end(node), literals.source(new, self._quote(node)))
        self._emit(edit, node.lineno, f"renamed key {self.rule.path.last} of a dict splatted into a matching call")


_COMMENT = re.compile(r"[ \t]*(#[^\r\n]*)?")
_REST_OF_LINE = re.compile(r"[ \t]*,?[ \t]*(#[^\r\n]*)?(\r?\n|\Z)")


def _keyword(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def _nodes_in(scope: Scope, scopes: list[Scope]) -> Iterator[ast.AST]:
    inner = {id(s.node) for s in scopes if s.node is not scope.node}
    stack = list(ast.iter_child_nodes(scope.node))
    while stack:
        node = stack.pop()
        if id(node) not in inner:
            yield node
            stack.extend(ast.iter_child_nodes(node))


def _assignments(node: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield target, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        yield node.target, node.value


def _is_key_subscript(target: ast.expr, names: set[str], key: str) -> bool:
    return (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and target.value.id in names
        and isinstance(target.slice, ast.Constant)
        and target.slice.value == key
    )


def _key_read(node: ast.AST, key: str) -> str | None:
    """The dict name in ``d["key"]`` (a read), ``d.get/pop/setdefault("key", ...)`` or ``"key" in d``."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name):
        return node.value.id if isinstance(node.slice, ast.Constant) and node.slice.value == key else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        first = node.args[0] if node.args else None
        if node.func.attr in ("get", "pop", "setdefault") and isinstance(first, ast.Constant) and first.value == key:
            return node.func.value.id
    if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and node.left.value == key:
        right = node.comparators[0]
        if isinstance(node.ops[0], (ast.In, ast.NotIn)) and isinstance(right, ast.Name):
            return right.id
    return None


def _reads_mapped_setting(rule: Rule, pack: RulePack, node: ast.expr) -> bool:
    """``use_flash_attention_2=args.use_flash_attention_2`` where the pack maps that setting itself."""
    read: Any = None
    if isinstance(node, ast.Attribute):
        read = node.attr
    elif isinstance(node, ast.Name):
        read = node.id
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        read = node.slice.value
    if not isinstance(read, str):
        return False
    return any(
        other.op is Op.MAP and not other.calls and _same_values(other, rule) and read in _names_of(other) for other in pack.rules
    )


def _names_of(rule: Rule) -> set[str]:
    return {rule.path.last} | ({rule.target.last} if rule.target is not None else set())


def _is_update_of(node: ast.AST, names: set[str]) -> bool:
    """``kw.update(...)`` for a splatted ``kw``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in names
    )


def _same_values(a: Rule, b: Rule) -> bool:
    return len(a.values) == len(b.values) and all(
        same_value(x[0], y[0]) and same_value(x[1], y[1]) for x, y in zip(a.values, b.values, strict=True)
    )


def apply(rule: Rule, pack: RulePack, text: str, report: Report) -> str:
    """Carry out one call rule on a module's text (parse errors are the caller's to report)."""
    return CallRule(rule, pack, text, report).run()
