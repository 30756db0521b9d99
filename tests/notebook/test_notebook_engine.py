"""The notebook engine on strings: which parts of a notebook it edits, how it writes them back, and
what it reports (file line, cell, line in the cell)."""

from __future__ import annotations

import json

from cfgmigrate.engines.base import Context
from cfgmigrate.engines.notebook import ENGINE, cells, jsonspans, rewrite
from cfgmigrate.leftovers import Retired, find
from cfgmigrate.ops.base import notebook
from cfgmigrate.pack import load_pack_text
from cfgmigrate.types import Severity

PACK = """name: nb
rules:
  - id: torch-dtype
    rename: torch_dtype
    to: dtype
    calls: ["*.from_pretrained"]
  - id: drop-cache
    remove: use_cache
    calls: ["*.from_pretrained"]
  - id: eval-strategy
    rename: evaluation_strategy
    to: eval_strategy
    programs: ["train.py"]
"""


def run(text: str, sources: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    pack = load_pack_text(PACK, "pack.yaml")
    files = {"nb.ipynb": text, **(sources or {})}
    index = ENGINE.prepare(files.get, ("nb.ipynb",), pack)
    return ENGINE.migrate("nb.ipynb", text, pack.rules, Context("/tmp", pack, index))


def test_only_the_edited_source_strings_change_in_a_layout_of_its_own() -> None:
    # two-space indent, keys out of nbformat's order, one source as a single string, no final newline
    text = (
        '{\n  "nbformat": 4, "nbformat_minor": 5, "metadata": {"x": "torch_dtype"},\n  "cells": [\n'
        '    {"source": "m = A.from_pretrained(\\"g\\", torch_dtype=\\"auto\\")", "cell_type": "code",'
        ' "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "torch_dtype\\n"}],'
        ' "execution_count": 1, "id": "a"}\n  ]\n}'
    )
    result = run(text)
    assert result.new_text == text.replace('torch_dtype=\\"auto', 'dtype=\\"auto')
    assert [(c.rule, c.line, c.message) for c in result.changes] == [
        ("torch-dtype", 4, "cell 1, line 1: renamed keyword torch_dtype to dtype")
    ]


def test_a_removed_line_takes_its_string_and_separator_out() -> None:
    before = notebook('m = A.from_pretrained(\n    "g",\n    use_cache=False,\n    torch_dtype="auto",\n)\n')
    result = run(before)
    assert result.new_text == notebook('m = A.from_pretrained(\n    "g",\n    dtype="auto",\n)\n')
    assert json.loads(result.new_text)["cells"][0]["outputs"] == []


def test_shell_lines_and_fences_follow_the_program_and_no_other() -> None:
    before = notebook(
        "# md\n```console\n$ python train.py --evaluation_strategy steps\n--evaluation_strategy: steps\n```",
        "!python train.py --evaluation_strategy=no\n!python eval.py --evaluation_strategy no",
    )
    result = run(before)
    assert result.new_text == before.replace("train.py --evaluation_strategy", "train.py --eval_strategy")
    assert [(c.line, c.message) for c in result.changes] == [
        (9, "cell 1, line 2: renamed flag --evaluation_strategy to --eval_strategy (train.py)"),
        (21, "cell 2, line 1: renamed flag --evaluation_strategy to --eval_strategy (train.py)"),
    ]


def test_a_cell_that_is_not_python_is_left_and_said_and_the_others_still_change() -> None:
    before = notebook('files = !ls\nm = A.from_pretrained("g", torch_dtype="auto")\n', 'A.from_pretrained("g", torch_dtype=1)\n')
    result = run(before)
    assert result.new_text == before.replace("torch_dtype=1", "dtype=1")
    assert [(d.line, d.severity, d.render()) for d in result.diagnostics] == [
        (10, Severity.WARNING, "nb.ipynb:10: warning: cell 1, line 1: cannot parse: invalid syntax; left as it was")
    ]


def test_magics_are_kept_and_a_shell_cell_is_shell() -> None:
    source = '%%time\nfor i in range(2):\n    !echo {i}\n    A.from_pretrained("g", torch_dtype="auto")\n'
    split = cells.split(source)
    mark0, mark1 = f"{cells.MARK}0", f"{cells.MARK}1"
    assert split.python == f'{mark0}\nfor i in range(2):\n    {mark1}\n    A.from_pretrained("g", torch_dtype="auto")\n'
    assert cells.restore(split.python.replace("torch_dtype", "dtype"), split.magics) == source.replace("torch_dtype", "dtype")
    assert cells.restore(split.python.replace(f"{cells.MARK}1", ""), split.magics) is None
    bash = cells.split("%%bash\npython train.py \\\n  --evaluation_strategy no")
    assert bash.python is None
    assert [(h.line, h.keep, h.body) for block in bash.shell for h in block] == [
        (2, "", "python train.py \\"),
        (3, "", "  --evaluation_strategy no"),
    ]
    run_line = cells.split("%run train.py --x")
    assert [(h.keep, h.head, h.body) for h in run_line.shell[0]] == [("%run", "python", " train.py --x")]


def test_what_is_not_a_notebook_is_an_error_with_its_line() -> None:
    result = run('{\n "cells": [\n  {"source": [1, }\n ]\n}\n')
    assert [d.render() for d in result.diagnostics] == [
        "nb.ipynb:3: cannot read as a notebook: expected a JSON value; left as it was"
    ]
    assert result.new_text.startswith("{")


def test_an_edit_that_breaks_the_schema_is_refused() -> None:
    text = notebook('A.from_pretrained("g", torch_dtype="auto")\n')
    cell = jsonspans.cells(text)[0]
    assert rewrite.edits(text, cell, "x\ny") != []
    from cfgmigrate.engines.notebook import checks

    broken = json.loads(text)
    broken["cells"][0]["outputs"] = "none"
    assert checks.invalid(broken).startswith("'none' is not of type 'array'")
    assert checks.problem(text, text.replace('"outputs": []', '"outputs": "x"'), {}) == (
        "internal error: the rewritten notebook differs from the intended change outside the edited sources"
    )


def test_leftovers_are_looked_for_in_the_sources_not_the_outputs() -> None:
    text = notebook("x = cfg.torch_dtype\n").replace(
        '"outputs": []', '"outputs": [{"output_type": "stream", "name": "stderr", "text": "torch_dtype is deprecated"}]'
    )
    found = find("nb.ipynb", text, [Retired("torch_dtype", "retired-dtype", "use dtype", ("**/*",))])
    assert [(d.line, d.column) for d in found] == [(10, 14)]


def test_a_cell_sees_the_imports_of_the_cells_before_it() -> None:
    pack = load_pack_text(
        "name: nb\nrules:\n  - id: eval\n    rename: evaluation_strategy\n    to: eval_strategy\n"
        '    calls: ["transformers.TrainingArguments"]\n',
        "pack.yaml",
    )
    before = notebook(
        "import torch\nfrom transformers import (\n    TrainingArguments,\n)\n",
        'args = TrainingArguments("out", evaluation_strategy="steps")\n',
        'from mylib import TrainingArguments\nTrainingArguments(evaluation_strategy="steps")\n',
    )
    index = ENGINE.prepare({"nb.ipynb": before}.get, ("nb.ipynb",), pack)
    result = ENGINE.migrate("nb.ipynb", before, pack.rules, Context("/tmp", pack, index))
    assert result.new_text == before.replace('out\\", evaluation_strategy', 'out\\", eval_strategy')
    assert [(c.line, c.message) for c in result.changes] == [
        (23, "cell 2, line 1: renamed keyword evaluation_strategy to eval_strategy")
    ]
