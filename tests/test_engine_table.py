"""Every engine answers every operation, and the answer is executed: an operation an engine
handles ships cases for it (at least one change and one must-not-change), and one it does not is
documented as refused with the exact message a pack gets when it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgmigrate.api.migrate import rules_for
from cfgmigrate.edits import apply_changes
from cfgmigrate.engines import ENGINE_TABLE, all_engines, engine_for
from cfgmigrate.engines.base import Context, Engine, Handles, ProjectFiles, Refuses, Skips
from cfgmigrate.engines.config_ops import ANSWERS as CONFIG_ANSWERS
from cfgmigrate.engines.reference import REFERENCE
from cfgmigrate.errors import PackError
from cfgmigrate.leftovers import LEFTOVER
from cfgmigrate.ops import REGISTRY, Example
from cfgmigrate.pack import load_pack_text
from cfgmigrate.types import Severity

ENGINES = {engine.name: engine for engine in all_engines()}
PAIRS = [(op, name) for op in REGISTRY for name in ENGINES]


def test_the_table_covers_config_files_and_python() -> None:
    assert sorted(ENGINE_TABLE) == [
        ".bash", ".ipynb", ".json", ".markdown", ".md", ".mk", ".py", ".rst", ".sbatch", ".sh", ".slurm", ".toml", ".yaml", ".yml",
        "makefile"
    ]  # fmt: skip
    assert engine_for("scripts/train.sh").name == "shell"
    assert engine_for("docs/nb.ipynb").name == "notebook"
    assert engine_for("README.md").name == "markdown"
    assert engine_for("docs/index.rst").name == "rst"
    assert engine_for("pyproject.toml").name == "toml"
    assert [engine_for(p).name for p in ("Makefile", "a/GNUmakefile", "rules.mk")] == ["makefile"] * 3
    assert engine_for("Makefile.py").name == "python"
    assert engine_for("a/b.yml").name == "yaml"
    assert engine_for("config.json").name == "json"
    assert engine_for("x.py").name == "python"


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_every_engine_answers_exactly_the_registered_operations(name: str) -> None:
    assert list(ENGINES[name].answers) == list(REGISTRY)


def test_the_reference_transformation_covers_what_the_config_engine_handles() -> None:
    handled = {op for op, answer in CONFIG_ANSWERS.items() if isinstance(answer, Handles)}
    assert handled <= set(REFERENCE)


@pytest.mark.parametrize(("op", "name"), PAIRS, ids=[f"{op}-{name}" for op, name in PAIRS])
def test_every_operation_is_carried_out_or_refused_by_every_engine(op: str, name: str, tmp_path: Path) -> None:
    doc = REGISTRY[op].doc
    examples = [e for e in doc.examples if e.engine == name]
    refused = [r for r in doc.refused if name in r.engines]
    assert examples or refused, f"{op} has neither cases nor a documented refusal for the {name} engine"
    if examples:
        assert any(e.changes for e in examples) and any(not e.changes for e in examples), "a change and a must-not-change"
    for example in examples:
        assert run_example(ENGINES[name], example, tmp_path) == example.after
    for r in refused:
        with pytest.raises(PackError) as e:
            load_pack_text(r.pack_text(), "pack.yaml")
        assert [d.render() for d in e.value.diagnostics] == [r.message]


def run_example(engine: Engine, example: Example, tmp_path: Path) -> str:
    """The example's file after the engine ran its rule twice (the second run must change nothing)."""
    pack = load_pack_text(example.pack_text(), "pack.yaml")
    assert all(engine.verdict(rule, pack).kind == "acts" for rule in pack.rules)
    sources = {example.filename(): example.before}
    index = engine.prepare(ProjectFiles(str(tmp_path), sources.get), tuple(sources), pack)
    context = Context(str(tmp_path), pack, index)
    text = example.before
    for _ in range(2):
        result = engine.migrate(example.filename(), text, pack.rules, context)
        assert not [d for d in result.diagnostics if d.severity is Severity.ERROR], result.diagnostics
        assert (result.new_text == text) == (text != example.before or not example.changes)
        assert apply_changes(text, result.changes) == result.new_text, "the changes' edits do not give the output"
        assert all(c.edits for c in result.changes) or len(result.changes) > 1, "a lone change carries no edit"
        text = result.new_text
    return text


# A rule that an engine skips must have nothing to do in that engine's files by design: the setting
# cannot be written there, or the user chose (one line each, with why). Anything else is reported
# where the rule would apply (Refuses(reports=True)): nothing is skipped silently.
SKIPS_BY_DESIGN = {
    "config files hold explicit values, not defaults": "set_default changes a class's default; a config that sets the key keeps its value",
    "a default lives in the class's definition, in a .py file": "notebooks hold no bound class (set_default edits the .py file)",
    "no `schema:` binding names a class at either end": "Python code holds a config key only through a bound class (or calls/receivers)",
    "the rule names no `programs:` (the CLI-flag form)": "a flag is a setting only of a named program; the leftovers pass reports `--old`",
}


def test_no_engine_skips_an_operation_silently() -> None:
    for name, engine in ENGINES.items():
        for op, answer in engine.answers.items():
            if isinstance(answer, Skips):
                assert answer.reason in SKIPS_BY_DESIGN, f"{name} skips {op}: {answer.reason}"
            elif isinstance(answer, Refuses) and not answer.reports:
                assert answer.otherwise in SKIPS_BY_DESIGN, f"{name} skips {op} when not asked: {answer.otherwise}"


# (operation, engine) -> (the rule, a file where it would apply, the warnings, a file where it would not)
REPORTED = {
    ("copy", "toml"): (
        "copy: training.seed\n    to: data.seed",
        "[training]\nseed = 1\n[data]\nname = 'c4'\n",
        ["train.toml:2: r: warning: the TOML engine cannot copy keys (yet): training.seed; left as it was"],
        "[training]\nseed = 1\n[data]\nseed = 1\n",  # the copy is already there
    ),
    ("add", "toml"): (
        "add: training.warmup\n    default: 0\n    configs: true",
        "x = 1\n\n[training]\nlr = 0.1\n",
        ["train.toml:3: r: warning: the TOML engine cannot add keys (yet): training lacks warmup; left as it was"],
        "[training]\nlr = 0.1\nwarmup = 5\n",
    ),
    ("rename_symbol", "toml"): (
        "rename_symbol: transformers.AutoModelForVision2Seq\n    to: AutoModelForImageTextToText",
        "[model]\nnames = [\n  'AutoModelForVision2Seq',\n  'transformers.AutoModelForVision2Seq',\n]\n",
        ["train.toml:4: r: warning: the TOML engine cannot rename symbols in string values (yet): model.names.1; left as it was"],
        "[model]\nname = 'AutoModelForVision2Seq'  # transformers.AutoModelForVision2Seq\n",
    ),
}


def test_every_reported_operation_has_a_case() -> None:
    reporting = {(op, name) for name, e in ENGINES.items() for op, a in e.answers.items() if getattr(a, "reports", False)}
    assert reporting == set(REPORTED)


@pytest.mark.parametrize(("op", "name"), sorted(REPORTED), ids=[f"{op}-{name}" for op, name in sorted(REPORTED)])
def test_a_rule_reaching_files_by_a_catch_all_glob_is_reported_where_it_applies(op: str, name: str, tmp_path: Path) -> None:
    rule, applies, warnings, other = REPORTED[(op, name)]
    pack = load_pack_text(f"name: p\nfiles: ['**/*']\nrules:\n  - id: r\n    {rule}\n", "pack.yaml")
    engine = ENGINES[name]
    assert engine.verdict(pack.rules[0], pack).kind == "reports"
    context = Context(str(tmp_path), pack, None)
    for text, want in ((applies, warnings), (other, [])):
        rules = rules_for(engine, pack, "train.toml", text)
        result = engine.migrate("train.toml", text, rules, context)
        assert (result.new_text, result.changes) == (text, ())
        assert [d.render() for d in result.diagnostics] == want
        assert all(d.kind == LEFTOVER for d in result.diagnostics)
