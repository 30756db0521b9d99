"""One verified item, and the table / JSON that report them."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field

from cfgmigrate.audit.report import cell
from cfgmigrate.escape import escape_controls


@dataclass
class VerifyItem:
    kind: str  # "config" or "model"
    target: str
    ok: bool = False
    reason: str = ""
    dtype: str = ""
    attention: str = ""
    kernel: str = ""
    device: str = ""
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # worth a look, not a failure
    details: dict[str, str] = field(default_factory=dict)


def as_json(items: list[VerifyItem]) -> str:
    data = {
        "items": [asdict(i) | {"seconds": round(i.seconds, 3), "peak_memory_mb": round(i.peak_memory_mb, 1)} for i in items],
        "summary": {"passed": sum(i.ok for i in items), "failed": sum(not i.ok for i in items)},
    }
    return json.dumps(data, indent=2) + "\n"


def print_table(items: list[VerifyItem]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="cfgmigrate verify")
    for column in ("", "item", "dtype", "attention", "kernel", "device", "s", "peak MB", "reason"):
        table.add_column(column)
    for i in items:
        mark = "[green]pass[/]" if i.ok else "[red]FAIL[/]"
        cells = (i.target, i.dtype, i.attention, i.kernel, i.device, f"{i.seconds:.2f}", f"{i.peak_memory_mb:.0f}", i.reason)
        table.add_row(mark, *map(cell, cells))
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    for i in items:
        for p in i.problems:
            console.print(escape_controls(p), markup=False, highlight=False)
        for w in i.warnings:
            console.print(f"warning: {escape_controls(w)}", markup=False, highlight=False)
    passed = sum(i.ok for i in items)
    console.print(f"{passed} passed, {len(items) - passed} failed", markup=False, highlight=False)
