"""``--format markdown``: a pull-request comment with per-rule counts, the problems that need a
person, and collapsible per-file diffs, kept within GitHub's 65,536-character comment limit (what
does not fit is left out with a note saying so)."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from cfgmigrate.escape import escape_controls
from cfgmigrate.render.diff import file_diff
from cfgmigrate.types import HELD, Severity, Status

LIMIT = 65536
PROBLEMS_SHARE = LIMIT // 2  # problems may fill half the comment; diffs get the rest
MORE_FILES = "\n_{n} more file(s) not shown: the comment would exceed GitHub's 65,536-character limit. Run `cfgmigrate apply --dry-run` for the full diff._\n"
MORE_PROBLEMS = "- _{n} more problem(s) not shown; run `cfgmigrate apply --check` for all of them._"


def render(plan: Any) -> str:
    s = plan.summary
    out = "\n".join(
        [
            "## cfgmigrate",
            "",
            f"**{s.files_changed}** file(s) would change ({s.changes} change(s)), {s.errors} error(s), {s.warnings} warning(s)"
            + (f", {s.notes} note(s)" if s.notes else "")
            + "; "
            f"{s.files_scanned} scanned, {s.files_parsed} parsed.",
            "",
            *_rule_table(plan),
            *_versions(plan),
            *_problems(plan),
        ]
    )
    changed = [r for r in plan.results if r.status is Status.CHANGED]
    for i, r in enumerate(changed):
        block = _details(r)
        if len(out) + len(block) + len(MORE_FILES.format(n=len(changed) - i)) > LIMIT:
            return out + MORE_FILES.format(n=len(changed) - i)
        out += block
    return out


def _details(r: Any) -> str:
    diff = file_diff(r.path, r.old_text, r.new_text)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", diff)), default=0))  # no diff line can close it
    summary = f"<code>{html.escape(escape_controls(r.path))}</code> ({len(r.changes)} change(s))"
    return f"\n<details><summary>{summary}</summary>\n\n{fence}diff\n{diff}{fence}\n</details>\n"


def _rule_table(plan: Any) -> list[str]:
    counts = Counter(c.rule for r in plan.results if r.status is Status.CHANGED for c in r.changes)
    if not counts:
        return []
    return [
        "| rule | changes |",
        "|---|---:|",
        *(escape_controls(f"| `{rule}` | {n} |") for rule, n in sorted(counts.items())),
        "",
    ]


def _versions(plan: Any) -> list[str]:
    """The range each distribution was judged at, and where it came from (docs/versions.md)."""
    lines = [f"- {_inline(j.describe())}" for j in getattr(plan, "versions", ())]
    return ["### Versions judged", "", *lines, ""] if lines else []


def _problems(plan: Any) -> list[str]:
    lines = [_problem(d) for r in plan.results for d in r.diagnostics if d.kind != HELD]
    if not lines:
        return []
    shown: list[str] = []
    size = 0
    for line in lines:
        size += len(line) + 1
        if size > PROBLEMS_SHARE:
            shown.append(MORE_PROBLEMS.format(n=len(lines) - len(shown)))
            break
        shown.append(line)
    return ["### Needs a person", "", *shown, ""]


def _problem(d: Any) -> str:
    kind = "error" if d.severity is Severity.ERROR else d.severity.value
    rule = f"`{d.rule}` " if d.rule else ""
    return escape_controls(f"- **{kind}** `{d.path}:{d.line}` {rule}{_inline(d.message)}")


def _inline(text: str) -> str:
    """A message on one list line: newlines would end the item, and raw HTML would render."""
    return html.escape(" ".join(text.split()), quote=False)
