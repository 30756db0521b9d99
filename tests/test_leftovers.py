"""The leftovers pass: which names a pack retires, where they are found, and how every output
format carries them (the end-to-end case is tests/cases/leftovers-reported-in-every-kind-of-file)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casefolders import invoke
from cfgmigrate.leftovers import Retired, find, retired_names
from cfgmigrate.pack import load_pack_text
from cfgmigrate.types import Severity

CASE = Path(__file__).parent / "cases" / "leftovers-reported-in-every-kind-of-file"
NOTE = "use `dtype`"


def dtype(files: tuple[str, ...] = ("**/*",)) -> Retired:
    return Retired("torch_dtype", "retired-torch-dtype", NOTE, files)


def test_whole_identifiers_and_flags_are_found_with_line_and_column() -> None:
    text = "a = cfg.torch_dtype\nold_torch_dtype = torch_dtypes\nrun --torch_dtype bf16 --torch-dtype=bf16\n"
    found = find("x.py", text, [dtype()])
    assert [(d.line, d.column, d.message) for d in found] == [
        (1, 9, f"retired name `torch_dtype` is still here: {NOTE}"),
        (3, 5, f"retired flag `--torch_dtype` is still here: {NOTE}"),
        (3, 24, f"retired flag `--torch-dtype` is still here: {NOTE}"),
    ]
    assert {(d.rule, d.severity, d.kind) for d in found} == {("retired-torch-dtype", Severity.WARNING, "leftover")}


def test_scope_and_file_kind_limit_the_search() -> None:
    assert find("a/x.py", "torch_dtype", [dtype(("b/**",))]) == ()
    assert find("model.bin", "torch_dtype", [dtype()]) == ()
    assert len(find("Makefile", "train: --torch_dtype", [dtype()])) == 1
    assert len(find("nb.ipynb", '"source": ["x.torch_dtype"]', [dtype()])) == 1


def test_a_name_is_reported_once_however_many_entries_retire_it() -> None:
    other = Retired("torch_dtype", "second", "other note", ("**/*",))
    assert [d.rule for d in find("x.py", "torch_dtype", [dtype(), other])] == ["retired-torch-dtype"]


def test_rules_retire_keys_they_rewrite_everywhere_but_not_one_path_or_a_call_keyword() -> None:
    pack = load_pack_text(
        """
name: p
files: ["**/*.yaml"]
rules:
  - {id: one-place, rename: data.dataset_name, to: dataset}
  - {id: kw, rename: tokenizer, to: processing_class, calls: ["transformers.Trainer"]}
  - {id: everywhere, rename: "**.evaluation_strategy", to: eval_strategy}
  - {id: defaults-only, remove: "**.save_safetensors", when: true}
  - {id: all-of-a-section, remove: "model.*"}
  - {id: values-only, map: "**.attn", values: {xformers: sdpa}}
retired:
  - {name: logging_dir, note: "set TENSORBOARD_LOGGING_DIR", files: ["**/*.sh"]}
""",
        "p.yaml",
    )
    assert [(r.name, r.rule, r.files) for r in retired_names(pack)] == [
        ("evaluation_strategy", "everywhere", ("**/*.yaml",)),
        ("save_safetensors", "defaults-only", ("**/*.yaml",)),
        ("logging_dir", "retired-logging-dir", ("**/*.sh",)),
    ]
    assert retired_names(pack)[0].note == (
        "`evaluation_strategy` is retired, use `eval_strategy` (rule everywhere renames it where it applies): change it here by hand"
    )


def test_every_format_carries_the_leftovers(tmp_path: Path) -> None:
    work = tmp_path / "w"
    shutil.copytree(CASE / "before", work)
    pack = ["-r", str(CASE / "pack.yaml")]
    data = json.loads(invoke(["apply", "--dry-run", "--format", "json", *pack, "."], work).stdout)
    assert data["summary"]["leftovers"] == 6 and data["summary"]["warnings"] == 6
    shell = next(f for f in data["files"] if f["path"] == "scripts/train.sh")
    assert shell["status"] == "unchanged" and shell["diagnostics"][0] == {
        "rule": "eval-strategy-flag",
        "line": 3,
        "column": 5,
        "severity": "warning",
        "kind": "leftover",
        "message": "retired flag `--evaluation_strategy` is still here: pass `--eval_strategy`",
    }
    md = invoke(["apply", "--dry-run", "--format", "markdown", *pack, "."], work).stdout
    assert "- **warning** `scripts/train.sh:3` `eval-strategy-flag` retired flag `--evaluation_strategy` is still here" in md
    gh = invoke(["apply", "--dry-run", "--format", "github", *pack, "."], work).stdout
    assert "::warning file=scripts/train.sh,line=3,col=5,title=cfgmigrate eval-strategy-flag::retired flag" in gh
    sarif = json.loads(invoke(["apply", "--dry-run", "--format", "sarif", *pack, "."], work).stdout)
    hits = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "retired-warmup-ratio"]
    regions = sorted((h["locations"][0]["physicalLocation"]["region"]["startLine"], h["level"]) for h in hits)
    assert regions == [(3, "warning"), (4, "warning")]


def test_a_pack_file_inside_the_project_is_not_its_own_leftover(tmp_path: Path) -> None:
    shutil.copytree(CASE / "before", tmp_path / "w")
    shutil.copy(CASE / "pack.yaml", tmp_path / "w" / "migrate.yaml")
    (tmp_path / "w" / "migrate.yaml").write_text((CASE / "pack.yaml").read_text().replace('"**/*.sh"', '"**/*.sh", "**/*.yaml"'))
    r = invoke(["apply", "--dry-run", "-r", "migrate.yaml", "."], tmp_path / "w")
    assert "migrate.yaml" not in r.stderr


def test_a_line_the_rule_already_reported_is_not_reported_again(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("model:\n  use_flash_attention_2: maybe\n")
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "name: p\nrules:\n  - {id: flash, map: '**.use_flash_attention_2', to: attn_implementation, values: {true: fa2}}\n"
    )
    (tmp_path / "b.yaml").write_text("# use_flash_attention_2 was here\n")
    r = invoke(["apply", "--dry-run", "-r", str(pack), "."], tmp_path)
    lines = [line.split(": warning: ")[0] for line in r.stderr.splitlines() if ": warning: " in line]
    assert lines == ["a.yaml:2: flash", "b.yaml:1:3: flash"]


def _notebook(*cells: tuple[str, str]) -> str:
    """A notebook's JSON as Jupyter writes it: sources as lists of lines, one key per line."""
    out = []
    for kind, source in cells:
        lines = source.splitlines(keepends=True)
        cell = {"cell_type": kind, "metadata": {}, "source": lines}
        out.append(cell | ({"execution_count": None, "outputs": []} if kind == "code" else {}))
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def test_a_notebook_cell_is_read_behind_the_imports_of_the_cells_before_it() -> None:
    """diffusers keeps `torch_dtype=`: a keyword of a call that resolves through an earlier cell's
    import to another library is not reported; transformers' is; an unresolved receiver is lower
    confidence; magics, markdown and a cell that does not parse are read as text (sure)."""
    text = _notebook(
        ("code", "from diffusers import StableDiffusionPipeline\nfrom transformers import AutoModel\n"),
        ("code", '%pip install x\npipe = StableDiffusionPipeline.from_pretrained(\n    "x", torch_dtype="float16"\n)\n'),
        ("markdown", "Pass `torch_dtype`.\n"),
        ("code", 'm = AutoModel.from_pretrained("x", torch_dtype="auto")\nm = m.to(torch_dtype="auto")\n'),
        ("code", "!python run.py --torch_dtype bf16\n"),
        ("code", "m = (\n  torch_dtype\n"),
    )
    calls = ("transformers.*.from_pretrained",)
    found = find("nb.ipynb", text, [Retired("torch_dtype", "retired-torch-dtype", NOTE, ("**/*",), calls=calls)])
    lines = text.splitlines()
    assert [(lines[d.line - 1].strip(), d.severity.value) for d in found] == [
        ('"Pass `torch_dtype`.\\n"', "warning"),
        ('"m = AutoModel.from_pretrained(\\"x\\", torch_dtype=\\"auto\\")\\n",', "warning"),
        ('"m = m.to(torch_dtype=\\"auto\\")\\n"', "info"),
        ('"!python run.py --torch_dtype bf16\\n"', "info"),
        ('"  torch_dtype\\n"', "warning"),
    ]


def test_an_argparse_option_rule_retires_its_flags_with_lower_confidence() -> None:
    """A `parsers:` rename leaves the flags it could not follow (an f-string, another program's
    option of the same name, flag names kept as strings): notes, never silence; the dest as an
    identifier and the dashed name inside prose are not its flags."""
    pack = load_pack_text(
        'name: p\nfiles: ["**/*"]\nrules:\n  - id: mp\n    rename: model_path\n    to: model_name_or_path\n    parsers: ["*"]\n',
        "p.yaml",
    )
    [entry] = retired_names(pack)
    text = (
        'cmd = f"python w.py --model-path {p}"\n'
        'keys = ["model-path", "host"]\n'
        "args.model_path  # the dest\n"
        "# the model-path option\n"
        "run --model_path x\n"
    )
    found = find("launch.py", text, [entry])
    assert [(d.line, d.column, d.severity) for d in found] == [
        (1, 21, Severity.INFO),
        (2, 10, Severity.INFO),
        (5, 5, Severity.INFO),
    ]
    assert found[1].message == (
        "lower confidence: option name `model-path` is still here: rule mp renames --model-path to "
        "--model-name-or-path where it could follow the option; if this passes it to one of those programs, change it by hand"
    )


def test_a_run_reads_each_file_once_and_still_reports_what_its_first_reading_found(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Files the prefilter settles (no rule's text in them) are not read again by the leftovers
    pass: one holding a retired spelling keeps its text for it, one holding none says so."""
    work = tmp_path / "w"
    work.mkdir()
    (work / "pack.yaml").write_text(
        "name: p\nfiles: ['**/*.yaml']\nrules:\n  - id: key\n    rename: '**.eval_steps'\n    to: eval_every\n"
    )
    (work / "flag.yaml").write_text("# run: train.py --eval-steps 10\nlr: 1\n")  # the flag spelling only
    (work / "clean.yaml").write_text("lr: 2\n")
    (work / "key.yaml").write_text("eval_steps: 5\n")
    reads: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (reads.append(self.name), real(self))[1])
    data = json.loads(invoke(["apply", "--dry-run", "--format", "json", "-r", "pack.yaml", "."], work).stdout)
    by_path = {f["path"]: f for f in data["files"]}
    assert [d["line"] for d in by_path["flag.yaml"]["diagnostics"]] == [1]
    assert by_path["flag.yaml"]["diagnostics"][0]["kind"] == "leftover"
    assert "clean.yaml" not in by_path and by_path["key.yaml"]["status"] == "changed"  # (nothing to say of it)
    assert [n for n in reads if n.endswith(".yaml") and n != "pack.yaml"] == []  # no second reading
