"""``rename_symbol`` in Python code: the imports of a library symbol and every use of the names they
bind, ``module.Old`` through ``import module``, ``__all__`` and ``getattr(module, "Old")``, and strings
that spell the qualified name. A move to another module rewrites the import.

Names are resolved with Python's scoping (``receivers.Model``: a function that binds ``Old`` itself
keeps it); a file that binds the new name itself where the old one is used is an error, the file left
as it was. Edits are text spans checked by the guard.
"""

from __future__ import annotations

import ast
import re

from cfgmigrate.engines.python import guard, literals
from cfgmigrate.engines.python.carry import carry_out
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.python.scopes import Frame, Model, imported_names
from cfgmigrate.ops.rename_symbol import RenameSymbol
from cfgmigrate.types import Change, Edit

_MODULE_SPAN = re.compile(r"from\s+(\.*[\w.]*)\s+import")


class SymbolRule:
    """One ``rename_symbol`` carried out on one parsed module."""

    def __init__(self, rule: RenameSymbol, parsed: Parsed, report: Report, package: str) -> None:
        self.rule, self.parsed, self.report, self.at, self.package = rule, parsed, report, parsed.at, package
        self.edits: dict[Edit, tuple[Change | None, guard.Action]] = {}
        self.moves = rule.old_module != rule.new_module

    def run(self) -> Parsed:
        if self.rule.old_name not in self.parsed.text:
            return self.parsed
        model = Model(self.parsed.tree, self.rule.old_name, self.package, names=True)
        self.model = model
        if self._also_assigned():
            return self.parsed
        self.formatted = {id(c) for n in ast.walk(self.parsed.tree) if isinstance(n, ast.JoinedStr) for c in ast.walk(n)}
        for node in ast.walk(self.parsed.tree):
            if isinstance(node, ast.ImportFrom):
                self._import_from(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                self._string(node)
        for name, frame in model.names:
            if model.denotes(name.id, frame) == self.rule.old:
                edit = Edit(self.at.start(name), self.at.end(name), self.rule.new_name)
                self._edit(edit, name.lineno, "", _set(name, "id", self.rule.new_name))
        for site in model.sites:
            if isinstance(site.node, ast.Attribute):
                self._attribute(site.node, site.value, site.frame)
        self._all_and_getattr()
        if not self.edits or self.report.failed or self._binds_new_name():
            return self.parsed
        return self._carry_out()

    def _also_assigned(self) -> bool:
        """``Old`` imported and also assigned by the module (``except ImportError: Old = None``):
        renaming the import alone would split the name; left for a person."""
        imported = self.rule.old_name in self.model.imports and self.model.imports[self.rule.old_name] == self.rule.old
        assigned = [
            b.line
            for b in self.model.module.bindings.get(self.rule.old_name, [])
            if b.value is not None or b.annotation is not None
        ]
        if imported and assigned:
            self.report.warn(
                self.rule,
                assigned[0],
                f"{self.rule.old_name} is imported from {self.rule.old_module} and also assigned here; rename it by hand",
            )
            return True
        return False

    def _binds_new_name(self) -> bool:
        new = self.rule.new_name
        for node in ast.walk(self.parsed.tree):
            bound = (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == new) or (
                isinstance(node, ast.arg) and node.arg == new
            )
            if bound:
                line = getattr(node, "lineno", 0)
                self.report.error(
                    self.rule, line, f"cannot rename {self.rule.old_name} to {new}: this file binds {new} itself (line {line})"
                )
                return True
        return False

    def _import_from(self, node: ast.ImportFrom) -> None:
        names = dict(imported_names(node, self.package))
        for alias in node.names:
            if alias.name != self.rule.old_name or names.get(alias.asname or alias.name) != self.rule.old:
                continue
            if not self.moves:
                edit = Edit(self.at.start(alias), self.at.start(alias) + len(alias.name), self.rule.new_name)
                self._edit(
                    edit,
                    node.lineno,
                    f"renamed import {self.rule.old_name} to {self.rule.new_name}",
                    _set(alias, "name", self.rule.new_name),
                )
            elif len(node.names) == 1:
                self._move_whole(node, alias)
            else:
                self._move_one(node, alias)

    def _move_whole(self, node: ast.ImportFrom, alias: ast.alias) -> None:
        """``from old import Old`` -> ``from new import New``: the module and the name."""
        start = self.at.start(node)
        match = _MODULE_SPAN.match(self.at.text, start)
        if match is None:
            self.report.warn(self.rule, node.lineno, f"cannot find the module of this import; move {self.rule.old_name} by hand")
            return
        message = f"moved import {self.rule.old_name} from {self.rule.old_module} to {self.rule.new}"
        module_edit = Edit(match.start(1), match.end(1), self.rule.new_module)
        self._edit(module_edit, node.lineno, message, _set_module(node, self.rule.new_module))
        if alias.name != self.rule.new_name:
            name_edit = Edit(self.at.start(alias), self.at.start(alias) + len(alias.name), self.rule.new_name)
            self._edit(name_edit, node.lineno, None, _set(alias, "name", self.rule.new_name))

    def _move_one(self, node: ast.ImportFrom, alias: ast.alias) -> None:
        """One name of several leaves the import; a new ``from new import New`` follows it."""
        text, start, end = self.at.text, self.at.start(alias), self.at.end(alias)
        after = re.compile(r"[ \t]*,[ \t]*(?:#[^\r\n]*)?(?:\r?\n[ \t]*)?").match(text, end)
        if after is not None:
            removal = Edit(start, after.end(), "")
        else:
            before = text.rindex(",", 0, start)
            removal = Edit(before, end, "")
        line_start = text.rfind("\n", 0, self.at.start(node)) + 1
        indent = text[line_start : self.at.start(node)]
        asname = f" as {alias.asname}" if alias.asname else ""
        statement = f"from {self.rule.new_module} import {self.rule.new_name}{asname}"
        nl = "\r\n" if "\r\n" in text[self.at.end(node) : self.at.end(node) + 2] else "\n"
        insertion = Edit(self.at.end(node), self.at.end(node), f"{nl}{indent}{statement}")
        message = f"moved import {self.rule.old_name} from {self.rule.old_module} to {self.rule.new}"
        self._edit(removal, node.lineno, message, _remove_alias(node, alias))
        self._edit(insertion, node.lineno, None, _insert_after(self.parsed.tree, node, statement))

    def _attribute(self, node: ast.Attribute, value: ast.expr, frame: Frame) -> None:
        if self.model.qualified(value, frame) != self.rule.old_module:
            return
        end = self.at.end(node)
        if not self.moves:
            edit = Edit(end - len(self.rule.old_name), end, self.rule.new_name)
            self._edit(edit, node.lineno, f"renamed {self.rule.old} to {self.rule.new}", _set(node, "attr", self.rule.new_name))
            return
        self.report.warn(
            self.rule,
            node.lineno,
            f"{self.at.source(node)}: {self.rule.old_name} moved to {self.rule.new}; import it from there by hand",
        )

    def _all_and_getattr(self) -> None:
        module_binds = self.model.denotes(self.rule.old_name, self.model.module) == self.rule.old
        for stmt in self.parsed.tree.body:
            targets = (
                stmt.targets
                if isinstance(stmt, ast.Assign)
                else [stmt.target]
                if isinstance(stmt, (ast.AugAssign, ast.AnnAssign))
                else []
            )
            value = getattr(stmt, "value", None)
            if (
                module_binds
                and any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
                and isinstance(value, (ast.List, ast.Tuple))
            ):
                for element in value.elts:
                    if isinstance(element, ast.Constant) and element.value == self.rule.old_name:
                        self._set_string(element, self.rule.new_name, "renamed __all__ entry")
        for site in self.model.sites:
            call, frame = site.node, site.frame
            if not isinstance(call, ast.Call):
                continue
            if self.model.qualified(call.args[0], frame) == self.rule.old_module and not self.moves:
                name = call.args[1]
                assert isinstance(name, ast.Constant)
                self._set_string(name, self.rule.new_name, "renamed the name in getattr()")

    def _string(self, node: ast.Constant) -> None:
        value, old = node.value, self.rule.old
        if id(node) in self.formatted or not isinstance(value, str):
            return
        if value == old or value.startswith(old + "."):
            self._set_string(node, self.rule.new + value[len(old) :], f"renamed the string {old}")

    def _set_string(self, node: ast.Constant, new: str, message: str) -> None:
        source = self.at.source(node)
        if source[:1] not in ("'", '"') or source[:3] in ('"""', "'''"):  # prefixed or triple-quoted: left
            return
        edit = Edit(self.at.start(node), self.at.end(node), literals.source(new, source[0]))
        self._edit(edit, node.lineno, f"{message} to {new}", guard.set_string(node, new))

    def _edit(self, edit: Edit, line: int, message: str | None, action: guard.Action) -> None:
        """Record an edit; its change says ``message`` ('' says "renamed Old to New", None: no change of its own)."""
        default = f"renamed {self.rule.old_name} to {self.rule.new_name}"
        change = None if message is None else Change(self.rule.id, line, message or default)
        self.edits.setdefault(edit, (change, action))

    def _carry_out(self) -> Parsed:
        return carry_out(self.parsed, self.edits, self.report, self.rule)


def _set(node: ast.AST, field: str, value: str) -> guard.Action:
    def act() -> None:
        setattr(node, field, value)

    return act


def _set_module(node: ast.ImportFrom, module: str) -> guard.Action:
    def act() -> None:
        node.module, node.level = module, 0

    return act


def _remove_alias(node: ast.ImportFrom, alias: ast.alias) -> guard.Action:
    def act() -> None:
        node.names = [a for a in node.names if a is not alias]

    return act


def _insert_after(tree: ast.Module, node: ast.stmt, statement: str) -> guard.Action:
    def act() -> None:
        new = ast.parse(statement).body[0]
        for part in ast.walk(new):  # a node without a place: the guard compares it node for node
            for attribute in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
                if hasattr(part, attribute):
                    delattr(part, attribute)
        for parent in ast.walk(tree):
            for field in ("body", "orelse", "finalbody", "handlers"):
                body = getattr(parent, field, None)
                if isinstance(body, list) and any(s is node for s in body):
                    body.insert(next(i for i, s in enumerate(body) if s is node) + 1, new)
                    return

    return act


def apply(rule: RenameSymbol, parsed: Parsed, report: Report, package: str) -> Parsed:
    return SymbolRule(rule, parsed, report, package).run()
