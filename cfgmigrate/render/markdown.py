"""``--format markdown``: a pull-request comment with per-rule counts, problems, and collapsible
per-file diffs, kept within GitHub's 65,536-character comment limit."""

from __future__ import annotations

from collections import Counter
from typing import Any

from cfgmigrate.render.diff import file_diff
from cfgmigrate.types import Severity, Status

LIMIT = 65536
FENCE_BREAK = "`\u200b``"  # a diff line holding ``` must not close the code fence
TRUNCATED = "\n\n_… {n} more file(s) not shown: the comment would exceed GitHub's 65,536-character limit. Run `cfgmigrate apply --dry-run` locally for the full diff._\n"


def render(plan: Any) -> str:
    s = plan.summary
    head = [
        "## cfgmigrate",
        "",
        f"**{s.files_changed}** file(s) would change ({s.changes} changes), {s.errors} error(s), {s.warnings} warning(s); "
        f"{s.files_scanned} scanned, {s.files_parsed} parsed.",
        "",
    ]
    head += _rule_table(plan) + _problems(plan)
    out = "\n".join(head)
    changed = [r for r in plan.results if r.status is Status.CHANGED]
    for i, r in enumerate(changed):
        diff = file_diff(r.path, r.old_text, r.new_text).replace("```", FENCE_BREAK)
        block = f"\n<details><summary><code>{r.path}</code> ({len(r.changes)} change(s))</summary>\n\n```diff\n{diff}```\n</details>\n"
        note = TRUNCATED.format(n=len(changed) - i)
        if len(out) + len(block) + len(note) > LIMIT:
            return out + note
        out += block
    return out


def _rule_table(plan: Any) -> list[str]:
    counts = Counter(c.rule for r in plan.results if r.status is Status.CHANGED for c in r.changes)
    if not counts:
        return []
    rows = ["| rule | changes |", "|---|---:|"] + [f"| `{rule}` | {n} |" for rule, n in sorted(counts.items())]
    return rows + [""]


def _problems(plan: Any) -> list[str]:
    lines = []
    for r in plan.results:
        for d in r.diagnostics:
            kind = "error" if d.severity is Severity.ERROR else "warning"
            lines.append(f"- **{kind}** `{d.path}:{d.line}` {'`' + d.rule + '` ' if d.rule else ''}{d.message}")
    return (["### Needs a person", "", *lines, ""]) if lines else []
