"""Attribute reads and writes on receivers of a known type (``receivers:`` rules, and the instances of
a bound ``schema:`` class): ``config.torch_dtype`` -> ``config.dtype`` one-to-one, or a read rewritten
into the rule's template (``config.rope_theta`` -> ``config.rope_parameters["rope_theta"]``).

What the template cannot carry (a write, a ``del``, ``getattr(config, "rope_theta", 1e4)``) and a
name that holds a receiver on one path only are reported with line, column and rule, never edited.
An attribute of an object not known to be a receiver is left alone. Edits are text spans checked by
the guard, like call keywords.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping

from cfgmigrate.edits import position
from cfgmigrate.engines.python import guard, literals, mocks
from cfgmigrate.engines.python.carry import carry_out
from cfgmigrate.engines.python.factories import Factories
from cfgmigrate.engines.python.kinds import Kind
from cfgmigrate.engines.python.parsed import Parsed
from cfgmigrate.engines.python.receivers import Types
from cfgmigrate.engines.python.report import Report
from cfgmigrate.engines.python.scopes import Model, Site, package_of
from cfgmigrate.ops.rename import template_source
from cfgmigrate.rules import Rename
from cfgmigrate.types import Change, Edit

PLACEHOLDER = "__cfgmigrate_receiver__"


class AttributeRule:
    """One ``rename`` carried out on the attribute accesses of one parsed module."""

    def __init__(
        self,
        rule: Rename,
        parsed: Parsed,
        report: Report,
        bound: Callable[[str], bool] | None = None,
        project: Factories | None = None,
        callers: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        self.rule, self.parsed, self.report, self.at = rule, parsed, report, parsed.at
        self.package = package_of(report.path)
        self.old = rule.path.last
        self.bound, self.project, self.callers = bound, project, callers
        self.edits: dict[Edit, tuple[Change, guard.Action]] = {}

    def run(self) -> Parsed:
        if self.old not in self.parsed.text:
            return self.parsed
        model = Model(self.parsed.tree, self.old, self.package)
        types = Types(model, self.rule.receivers, self.bound, self.project, self.callers, self.report.path)
        for site in model.sites:
            kind = types.kind(site.value, site.frame)
            if kind.verdict == "unsure":
                self._warn(site.node, f"{self.at.source(site.value)}.{self.old}: {kind.what}; left for a person")
            elif kind.verdict == "yes":
                self._known(site, kind, model)
        return self._carry_out() if self.edits and not self.report.failed else self.parsed

    def _known(self, site: Site, kind: Kind, model: Model) -> None:
        receiver = self.at.source(site.value)
        what = f"a {kind.what}"
        if self.rule.expression and site.use == "read" and mocks.mocked(model, site.value, site.frame):
            self._warn(
                site.node,
                f"{receiver} is a unittest.mock object, which has none of the structure the rule's new expression "
                f"{template_source(self.rule.expression, receiver)} reads: left for a person",
            )
            return
        if isinstance(site.node, ast.Call):
            self._by_name(site.node, receiver, what)
        elif not self.rule.expression:
            node, new = site.node, self.rule.target.last
            end = self.at.end(node)
            message = f"renamed attribute {self.old} to {new} ({receiver} holds {what})"
            self._emit(Edit(end - len(self.old), end, new), node.lineno, message, _set_attr(node, new))
        elif site.use == "read":
            self._template(site, site.node, receiver, what)
        else:
            verb = {"write": "assigns", "delete": "deletes", "update": "updates"}[site.use]
            self._warn(
                site.node,
                f"{receiver}.{self.old} {verb} the attribute of {what}; the rule's new expression is for reads: left for a person",
            )

    def _by_name(self, call: ast.Call, receiver: str, what: str) -> None:
        function = call.func.id if isinstance(call.func, ast.Name) else ""
        if self.rule.expression:
            new = template_source(self.rule.expression, receiver)
            self._warn(
                call,
                f"{function}() names the attribute {self.old} of {what}; the rule's new expression is {new}: left for a person",
            )
            return
        name, new = call.args[1], self.rule.target.last
        assert isinstance(name, ast.Constant)
        quote = "'" if self.at.source(name).startswith("'") else '"'
        edit = Edit(self.at.start(name), self.at.end(name), literals.source(new, quote))
        message = f"renamed attribute name {self.old} to {new} in {function}() ({receiver} holds {what})"
        self._emit(edit, call.lineno, message, guard.set_string(name, new))

    def _template(self, site: Site, node: ast.Attribute, receiver: str, what: str) -> None:
        source = template_source(self.rule.expression, receiver if _atomic(site.value) else f"({receiver})")
        edit = Edit(self.at.start(node), self.at.end(node), source)
        self._emit(edit, node.lineno, f"rewrote {receiver}.{self.old} as {source} ({receiver} holds {what})", self._replace(node))

    def _replace(self, node: ast.Attribute) -> guard.Action:
        """The guard's action: the read replaced, in the input's tree, by the template's tree around it."""
        new = ast.parse(template_source(self.rule.expression, PLACEHOLDER), mode="eval").body
        receiver = node.value

        def act() -> None:
            parent, field, index = _parent_of(self.parsed.tree, node)
            tree = _substituted(copy.deepcopy(new), receiver)
            if index is None:
                setattr(parent, field, tree)
            else:
                getattr(parent, field)[index] = tree

        return act

    def _emit(self, edit: Edit, line: int, message: str, action: guard.Action) -> None:
        self.edits.setdefault(edit, (Change(self.rule.id, line, message), action))

    def _warn(self, node: ast.Attribute | ast.Call, message: str) -> None:
        self.report.warn(self.rule, node.lineno, message, column=position(self.at.text, self.at.start(node))[1])

    def _carry_out(self) -> Parsed:
        return carry_out(self.parsed, self.edits, self.report, self.rule)


def _atomic(node: ast.expr) -> bool:
    """Whether the receiver's source can stand before ``.x`` or ``[...]`` as it is."""
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))


def _set_attr(node: ast.Attribute, new: str) -> guard.Action:
    def act() -> None:
        node.attr = new

    return act


def _parent_of(tree: ast.AST, child: ast.AST) -> tuple[ast.AST, str, int | None]:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is child:
                return parent, field, None
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is child:
                        return parent, field, i
    raise LookupError("the edited node is not in the tree")


def _substituted(tree: ast.expr, receiver: ast.expr) -> ast.expr:
    """The template's tree with the receiver's tree in place of the placeholder name."""
    if isinstance(tree, ast.Name) and tree.id == PLACEHOLDER:
        return receiver
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, ast.Name) and value.id == PLACEHOLDER:
                setattr(parent, field, receiver)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, ast.Name) and item.id == PLACEHOLDER:
                        value[i] = receiver
    return tree


def apply(
    rule: Rename,
    parsed: Parsed,
    report: Report,
    bound: Callable[[str], bool] | None = None,
    project: Factories | None = None,
    callers: Mapping[str, tuple[str, str]] | None = None,
) -> Parsed:
    """Carry out an attribute rule on a parsed module; the result is the output, parsed and checked
    (``project``: the factories of other files; ``callers``: the parameters other files call; both from ``prepare``)."""
    return AttributeRule(rule, parsed, report, bound, project, callers).run()
