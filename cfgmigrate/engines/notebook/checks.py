"""The checks a rewritten notebook passes before it is written: it reads back as the same JSON with
only the intended cell sources changed, and nbformat validates it (when it validated before)."""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any

from cfgmigrate.engines.notebook.rewrite import split_lines


def problem(old_text: str, new_text: str, sources: dict[int, str]) -> str:
    """Why the rewrite must not be written ('' when it may)."""
    try:
        old, new = json.loads(old_text), json.loads(new_text)
    except ValueError as e:
        return f"internal error: the rewritten notebook is not JSON ({e})"
    expected = copy.deepcopy(old)
    for index, source in sources.items():
        cell = expected["cells"][index]
        cell["source"] = split_lines(source) if isinstance(cell["source"], list) else source
    if new != expected:
        return "internal error: the rewritten notebook differs from the intended change outside the edited sources"
    before, after = invalid(old), invalid(new)
    if after and not before:
        return f"the rewritten notebook does not validate with nbformat ({after})"
    return ""


def invalid(notebook: Any) -> str:
    """nbformat's complaint about the notebook ('' when it validates)."""
    import nbformat  # only when a notebook changed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(copy.deepcopy(notebook))
        except nbformat.ValidationError as e:
            return str(e.message)
        except Exception as e:  # noqa: BLE001 (an unknown nbformat version: said, not raised)
            return f"{type(e).__name__}: {e}"
    return ""
