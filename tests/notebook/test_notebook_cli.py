"""The notebook engine driven like a user drives it: the CLI's diff, its report lines, the write."""

from __future__ import annotations

from pathlib import Path

import nbformat

from casefolders import invoke
from cfgmigrate.ops.base import notebook

PACK = """name: nb
files: ["**/*.ipynb"]
retired:
  - name: torch_dtype
    id: retired-dtype
    note: "use `dtype`"
rules:
  - id: torch-dtype
    rename: torch_dtype
    to: dtype
    calls: ["*.from_pretrained"]
  - id: eval-strategy
    rename: evaluation_strategy
    to: eval_strategy
    programs: ["train.py"]
"""
CELLS = (
    'files = !ls\nm = A.from_pretrained("g", torch_dtype="auto")\n',
    "!python train.py --evaluation_strategy no\nx = cfg.torch_dtype\n",
)


def project(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "nb.ipynb").write_text(notebook(*CELLS))
    return tmp_path


def test_the_dry_run_shows_the_diff_and_names_cell_and_line(tmp_path: Path) -> None:
    r = invoke(["apply", "--dry-run", "-r", "pack.yaml", "nb.ipynb"], project(tmp_path))
    assert r.exit_code == 0
    assert r.stdout == (
        "diff --git a/nb.ipynb b/nb.ipynb\n--- a/nb.ipynb\n+++ b/nb.ipynb\n@@ -18,7 +18,7 @@\n"
        '    "metadata": {},\n    "outputs": [],\n    "source": [\n'
        '-    "!python train.py --evaluation_strategy no\\n",\n'
        '+    "!python train.py --eval_strategy no\\n",\n'
        '     "x = cfg.torch_dtype\\n"\n    ]\n   }\n'
    )
    assert r.stderr == (
        "nb.ipynb:10: warning: cell 1, line 1: cannot parse: invalid syntax; left as it was\n"
        "nb.ipynb:11:35: retired-dtype: warning: retired name `torch_dtype` is still here: use `dtype`\n"
        "nb.ipynb:22:14: retired-dtype: warning: retired name `torch_dtype` is still here: use `dtype`\n"
        "cfgmigrate: 1 files scanned, 1 parsed, 1 would change (1 changes), 0 errors, 3 warnings "
        "(2 leftovers: retired names still in scope)\n"
    )


def test_the_written_notebook_validates_and_a_second_run_is_clean(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert invoke(["apply", "-r", "pack.yaml", "nb.ipynb"], root).exit_code == 0
    text = (root / "nb.ipynb").read_text()
    assert text == notebook(CELLS[0], CELLS[1].replace("--evaluation_strategy", "--eval_strategy"))
    nbformat.validate(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    assert invoke(["apply", "--check", "-r", "pack.yaml", "nb.ipynb"], root).exit_code == 0


def test_a_file_that_is_not_a_notebook_fails_alone(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "bad.ipynb").write_text('{"cells": [{"source": "A.from_pretrained(torch_dtype=1)"')
    r = invoke(["apply", "--dry-run", "-r", "pack.yaml", "bad.ipynb"], root)
    assert r.exit_code == 2
    assert r.stderr == (
        "bad.ipynb:1: cannot read as a notebook: expected ',' or '}'; left as it was\n"
        "cfgmigrate: 1 files scanned, 1 parsed, 0 would change (0 changes), 1 errors, 0 warnings\n"
    )
