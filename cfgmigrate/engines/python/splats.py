"""Dicts that a function splats (``**kw``) into a matching call follow a keyword rename:
``kw = {"torch_dtype": ...}``, ``kw = dict(torch_dtype=...)``, ``kw["torch_dtype"] = ...``,
``kw.update(torch_dtype=...)``. A dict the function also reads by the old key is left and reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from cfgmigrate.engines.python import guard, helper_dicts, literals
from cfgmigrate.engines.python.offsets import Offsets
from cfgmigrate.engines.python.parsed import Parsed, Scope
from cfgmigrate.engines.python.report import Report
from cfgmigrate.rules import Rename, Rule
from cfgmigrate.types import Edit

FOLLOWED = "of a dict splatted into a matching call"


class SplatFollower:
    """The part of a call rule that renames keys of splatted dicts (mixed into ``CallRule``)."""

    rule: Rule
    report: Report
    at: Offsets
    parsed: Parsed

    def emit(self, edit: Edit, line: int, message: str, action: guard.Action | None) -> None:
        raise NotImplementedError

    def rename_keyword(self, call: ast.Call, kw: ast.keyword, new: str, verb: str) -> Edit | None:
        raise NotImplementedError

    def quote(self, node: ast.expr) -> str:
        return "'" if self.at.source(node).startswith("'") else '"'

    def follow_splats(self, scope: Scope, splatted: set[str], depth: int = 0) -> None:
        assert isinstance(self.rule, Rename)
        old, new = self.rule.path.last, self.rule.target.last
        names = self._unread(scope, splatted, old)
        if depth < 3:
            self._follow_helpers(scope, names, depth)
        for node in scope.nodes:
            for target, value in _assignments(node):
                if isinstance(target, ast.Name) and target.id in names:
                    self._dict_value(value, old, new)
                elif _is_key_subscript(target, names, old):
                    self._string(target.slice, new)  # type: ignore[attr-defined]
            if _is_update_of(node, names):
                self._dict_call(node, old, new)  # type: ignore[arg-type]
                for arg in node.args:  # type: ignore[attr-defined]
                    self._dict_value(arg, old, new)

    def _follow_helpers(self, scope: Scope, names: set[str], depth: int) -> None:
        """A splatted dict passed to a function of this file that fills it: the function's writes follow
        when it is used nowhere else; else they are reported (another caller's dict may keep the key)."""
        for call, name, helper, parameter in helper_dicts.helpers(self.parsed, scope, names):
            inner = helper_dicts.scope_of(self.parsed, helper)
            if inner is None:
                continue
            elsewhere = helper_dicts.other_calls(self.parsed, helper, {id(call)})
            if elsewhere:
                message = (
                    f"{helper.name}() fills {name}, which is splatted into a matching call, but it is also used at "
                    f"line {elsewhere[0]}: its key {self.rule.path.last} is left for a person"
                )
                if any(_key_written(n, parameter, self.rule.path.last) for n in inner.nodes):
                    self.report.warn(self.rule, helper.lineno, message)
                continue
            self.follow_splats(inner, {parameter}, depth + 1)

    def _unread(self, scope: Scope, splatted: set[str], key: str) -> set[str]:
        """The splatted dicts whose ``key`` the function does not read itself. Where it does
        (``kw.get("torch_dtype")`` to convert a user's value), renaming only the writes would pass
        both keys, so such a dict is left whole and reported."""
        reads: dict[str, int] = {}
        for node in scope.nodes:
            name = _key_read(node, key)
            if name in splatted:
                reads[name] = min(reads.get(name, node.lineno), node.lineno)  # type: ignore[attr-defined]
        for name, line in sorted(reads.items(), key=lambda item: item[1]):
            self.report.warn(
                self.rule,
                line,
                f"{name} is splatted into a matching call but also read as {name}[{key!r}] here; "
                f"its key {key} is left for a person",
            )
        return splatted - set(reads)

    def _dict_value(self, value: ast.expr, old: str, new: str) -> None:
        if isinstance(value, ast.Dict):
            keys = [k for k in value.keys if isinstance(k, ast.Constant) and k.value == old]
            if keys and any(isinstance(k, ast.Constant) and k.value == new for k in value.keys):
                message = f"cannot rename key {old} to {new}: the dict already has {new}"
                self.report.error(self.rule, value.lineno, message)
                return
            for key in keys:
                self._string(key, new)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            self._dict_call(value, old, new)

    def _dict_call(self, call: ast.Call, old: str, new: str) -> None:
        kw = next((k for k in call.keywords if k.arg == old), None)
        edit = self.rename_keyword(call, kw, new, "rename") if kw is not None else None
        if kw is not None and edit is not None:
            self.emit(edit, kw.lineno, f"renamed key {old} {FOLLOWED}", guard.rename_keyword(kw, new))

    def _string(self, node: ast.Constant, new: str) -> None:
        edit = Edit(self.at.start(node), self.at.end(node), literals.source(new, self.quote(node)))
        self.emit(edit, node.lineno, f"renamed key {self.rule.path.last} {FOLLOWED}", guard.set_string(node, new))


def _key_written(node: ast.AST, name: str, key: str) -> bool:
    return any(_is_key_subscript(t, {name}, key) for t, _ in _assignments(node)) or (
        _is_update_of(node, {name}) and any(k.arg == key for k in node.keywords)  # type: ignore[attr-defined]
    )


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


def _is_update_of(node: ast.AST, names: set[str]) -> bool:
    """``kw.update(...)`` for a splatted ``kw``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in names
    )
