"""The built-in packs through the CLI: list, show, their own example cases, -p NAME, --reverse, and
transformers 5 reading a migrated config.json without the deprecations the pack handles."""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfgmigrate.cli import main

RULES = Path(__file__).parents[2] / "rules"


def run(args: list[str], cwd: Path | None = None):
    old = os.getcwd()
    os.chdir(cwd or old)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


def test_rules_list() -> None:
    r = run(["rules", "list"])
    assert r.exit_code == 0
    assert r.stdout == (
        "hf-llama-names       8 rules  Hugging Face LlamaConfig names -> the local stack's names of seed audit 002 (hidden_size -> d_model, ...)\n"
        "megatron-config     13 rules  Megatron-Core TransformerConfig / ModelParallelConfig fixes\n"
        "model-loading        6 rules  Model-loading hygiene of seed audit 003\n"
        "transformers-v5     21 rules  Transformers 4 -> 5 renames in user code, training configs and config.json\n"
    )


def test_rules_show_prints_the_pack_file() -> None:
    r = run(["rules", "show", "megatron-config"])
    assert r.exit_code == 0 and r.stdout == (RULES / "megatron-config.yaml").read_text()
    r = run(["rules", "show", "nope"])
    assert r.exit_code == 2 and "no built-in pack named 'nope'" in r.stderr


def test_rules_test_runs_every_pack_example() -> None:
    r = run(["rules", "test"])
    assert r.exit_code == 0, r.stdout
    lines = r.stdout.splitlines()
    assert lines[-1] == "8 passed, 0 failed"
    assert "ok   transformers-v5/must-not-change" in lines


def test_rules_test_reports_a_failing_case(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("name: mine\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    rename: a\n    to: b\n")
    case = tmp_path / "tests" / "mine" / "rename"
    (case / "before").mkdir(parents=True)
    (case / "before" / "x.yaml").write_text("a: 1\n")
    shutil.copytree(case / "before", case / "after")  # wrong on purpose: claims nothing changes
    r = run(["rules", "test", str(pack)])
    assert (r.exit_code, r.stdout) == (1, "FAIL mine/rename: x.yaml: noisy change\n0 passed, 1 failed\n")


def test_apply_builtin_pack_by_name_and_reverse(tmp_path: Path) -> None:
    shutil.copytree(RULES / "tests" / "hf-llama-names" / "model-section" / "before", tmp_path / "p")
    before = (tmp_path / "p" / "model.yaml").read_text()
    assert run(["apply", "-p", "hf-llama-names", "--root", ".", "."], tmp_path / "p").exit_code == 0
    assert "d_model: 2048" in (tmp_path / "p" / "model.yaml").read_text()
    assert run(["apply", "--reverse", "-p", "hf-llama-names", "--root", ".", "."], tmp_path / "p").exit_code == 0
    assert (tmp_path / "p" / "model.yaml").read_text() == before


def test_a_pack_that_cannot_be_reversed_says_which_rule(tmp_path: Path) -> None:
    r = run(["apply", "--reverse", "-p", "megatron-config", "--root", str(tmp_path), str(tmp_path)])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == "megatron-config.yaml:9: batch-p2p-comm-bool: cannot be reversed: coerce loses information"


def test_transformers5_reads_the_migrated_config_without_deprecations(caplog: pytest.LogCaptureFixture) -> None:
    transformers = pytest.importorskip("transformers")
    after = RULES / "tests" / "transformers-v5" / "config-json" / "after" / "llama" / "config.json"
    before = after.parents[2] / "before" / "llama" / "config.json"
    transformers.logging.enable_propagation()
    for path, expect_quiet in ((before, False), (after, True)):
        caplog.clear()
        with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
            warnings.simplefilter("always")
            config = transformers.AutoConfig.from_pretrained(str(path.parent), local_files_only=True)
            _ = config.torch_dtype if not expect_quiet else config.dtype
        said = " ".join(r.getMessage() for r in caplog.records) + " ".join(str(w.message) for w in caught)
        assert ("torch_dtype" in said) is not expect_quiet, said
    assert config.rope_parameters["rope_theta"] == 500000.0 and str(config.dtype) == "torch.bfloat16"
    r = run(["verify", "--format", "json", "--model", str(after)])
    assert r.exit_code == 0, r.stdout
