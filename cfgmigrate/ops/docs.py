"""The operations reference, rendered from the registry: ``cfgmigrate rules explain OP`` prints one
section, ``docs/operations.md`` is all of them (a test fails when the committed copy drifts)."""

from __future__ import annotations

from cfgmigrate.ops import REGISTRY
from cfgmigrate.ops.base import Example, Operation, Refused

FENCE = {
    "yaml": "yaml",
    "json": "json",
    "python": "python",
    "shell": "bash",
    "notebook": "json",
    "markdown": "markdown",
    "makefile": "make",
    "rst": "rst",
    "toml": "toml",
}
TITLE = {
    "yaml": "YAML",
    "json": "JSON",
    "python": "Python",
    "shell": "Shell",
    "notebook": "Notebook",
    "markdown": "Markdown",
    "makefile": "Makefile",
    "rst": "reStructuredText",
    "toml": "TOML",
}


def render(op: Operation) -> str:
    doc = op.doc
    out = [f"## {op.name}\n\n{doc.summary}\n\n**Refuses** {doc.refuses}\n\n**Reverses** {doc.reverses}\n"]
    out += [_example(e) for e in doc.examples]
    out += [_refused(r) for r in doc.refused]
    return "\n".join(out)


def _refused(r: Refused) -> str:
    head = f"**Refused when the pack loads** ({', '.join(TITLE[e] for e in r.engines)})\n\n```yaml\n{r.rule}```\n"
    if r.schema:
        head += f"\nwith `schema:`\n\n```yaml\n{r.schema}```\n"
    return head + f"\n```text\n{r.message}\n```\n"


def _example(e: Example) -> str:
    kind = "example" if e.changes else "left alone"
    head = f"**{TITLE[e.engine]} {kind}**\n\n```yaml\n{e.rule}```\n"
    if e.schema:
        head += f"\nwith `schema:`\n\n```yaml\n{e.schema}```\n"
    ticks = "````" if "```" in e.before else "```"  # a Markdown example holds fences of its own
    fence = ticks + FENCE[e.engine]
    if not e.changes:
        return head + f"\n{fence}\n{e.before}{ticks}\n"
    return head + f"\nbefore\n\n{fence}\n{e.before}{ticks}\n\nafter\n\n{fence}\n{e.after}{ticks}\n"


def explain(name: str) -> str | None:
    op = REGISTRY.get(name)
    return render(op) if op else None


def markdown() -> str:
    """The whole operations reference (docs/operations.md)."""
    head = (
        "# Operations\n\nGenerated from the operation modules in `cfgmigrate/ops/` (`cfgmigrate rules explain OP`); "
        "every example below is executed by the tests.\n\n"
    )
    return head + "\n".join(render(op) for op in REGISTRY.values())
