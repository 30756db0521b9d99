"""The built-in packs through the CLI: list, show, their own example cases, -p NAME, --reverse, and
transformers 5 reading a migrated config.json without the deprecations the pack handles."""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from pathlib import Path

import pytest
import yaml
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
        "flash-attention      6 rules  Model loading with flash attention (HPC)\n"
        "hf-llama-names       8 rules  Hugging Face LlamaConfig names -> the short names of Llama-style training stacks (hidden_size -> d_model, ...)\n"
        "megatron-config     19 rules  Megatron-Core TransformerConfig / ModelParallelConfig fixes\n"
        "model-loading        8 rules  Model-loading hygiene for experiment and inference code\n"
        "transformers-v5     36 rules  Transformers 4 -> 5 renames in user code, training configs and config.json\n"
    )


def test_rules_show_prints_the_pack_file() -> None:
    r = run(["rules", "show", "megatron-config"])
    assert r.exit_code == 0 and r.stdout == (RULES / "megatron-config.yaml").read_text()
    r = run(["rules", "show", "nope"])
    assert r.exit_code == 2 and "no built-in pack named 'nope'" in r.stderr


def test_rules_test_runs_every_pack_example() -> None:
    r = run(["rules", "test"])
    assert r.exit_code == 0, r.stdout
    assert r.stdout == (
        "ok   flash-attention/attention-only@transformers==4.36.0\n"
        "ok   flash-attention/below-attn@transformers==4.35.0\n"
        "ok   flash-attention/hpc-loads\n"
        "ok   flash-attention/must-not-change\n"
        "ok   hf-llama-names/config-json\n"
        "ok   hf-llama-names/config-json (reverse)\n"
        "ok   hf-llama-names/model-section\n"
        "ok   hf-llama-names/model-section (reverse)\n"
        "ok   hf-llama-names/must-not-change\n"
        "ok   megatron-config/below-0-4@megatron-core==0.3.0\n"
        "ok   megatron-config/bool-types@megatron-core==0.4.0\n"
        "ok   megatron-config/cuda-graph-impl@megatron-core==0.15.0\n"
        "ok   megatron-config/cuda-graph-modules@megatron-core==0.18.0\n"
        "ok   megatron-config/flex-dispatcher@megatron-core==0.16.0\n"
        "ok   megatron-config/fp8-bools@megatron-core==0.7.0\n"
        "ok   megatron-config/moe-aux-float@megatron-core==0.5.0\n"
        "ok   megatron-config/moe-recipe\n"
        "ok   megatron-config/must-not-change\n"
        "ok   megatron-config/pipeline-stage-names@megatron-core==0.11.0\n"
        "ok   megatron-config/provider\n"
        "ok   megatron-config/python\n"
        "ok   megatron-config/split-rank-gone@megatron-core==0.14.0\n"
        "ok   megatron-config/split-rank-read\n"
        "ok   model-loading/attn-implementation@transformers==4.36.0\n"
        "ok   model-loading/below-attn@transformers==4.35.0\n"
        "ok   model-loading/chained-placement\n"
        "ok   model-loading/computed-dtype\n"
        "ok   model-loading/conversion-script\n"
        "ok   model-loading/dtype@transformers==4.56.0\n"
        "ok   model-loading/experiments\n"
        "ok   model-loading/loads\n"
        "ok   model-loading/module-submodel\n"
        "ok   model-loading/must-not-change\n"
        "ok   model-loading/no-placement-no-weights\n"
        "ok   model-loading/remote-code\n"
        "ok   model-loading/training-code\n"
        "ok   transformers-v5/attn-implementation@transformers==4.36.0\n"
        "ok   transformers-v5/below-token@transformers==4.31.0\n"
        "ok   transformers-v5/calls\n"
        "ok   transformers-v5/calls-trl\n"
        "ok   transformers-v5/config-attributes@transformers==5.0.0\n"
        "ok   transformers-v5/config-json\n"
        "ok   transformers-v5/config-json-rope-null\n"
        "ok   transformers-v5/dtype@transformers==4.56.0\n"
        "ok   transformers-v5/eval-strategy@transformers==4.41.0\n"
        "ok   transformers-v5/hf-argparser-recipe\n"
        "ok   transformers-v5/markdown@transformers==5.0.0\n"
        "ok   transformers-v5/must-not-change\n"
        "ok   transformers-v5/notebook@transformers==5.0.0\n"
        "ok   transformers-v5/peft-is-not-transformers\n"
        "ok   transformers-v5/processing-class@transformers==4.46.0\n"
        "ok   transformers-v5/silent-misses\n"
        "ok   transformers-v5/token@transformers==4.32.0\n"
        "ok   transformers-v5/trainer-4-57@transformers==4.57.6\n"
        "ok   transformers-v5/training-yaml\n"
        "ok   transformers-v5/trl-0-11@transformers==5.0.0,trl==0.11.4\n"
        "ok   transformers-v5/vision2seq@transformers==4.55.4\n"
        "ok   transformers-v5/yaml-model-section\n"
        "58 passed, 0 failed\n"
    )


def test_rules_test_one_pack_by_name() -> None:
    r = run(["rules", "test", "megatron-config"])
    assert (r.exit_code, r.stdout) == (
        0,
        "ok   megatron-config/below-0-4@megatron-core==0.3.0\n"
        "ok   megatron-config/bool-types@megatron-core==0.4.0\n"
        "ok   megatron-config/cuda-graph-impl@megatron-core==0.15.0\n"
        "ok   megatron-config/cuda-graph-modules@megatron-core==0.18.0\n"
        "ok   megatron-config/flex-dispatcher@megatron-core==0.16.0\n"
        "ok   megatron-config/fp8-bools@megatron-core==0.7.0\n"
        "ok   megatron-config/moe-aux-float@megatron-core==0.5.0\n"
        "ok   megatron-config/moe-recipe\n"
        "ok   megatron-config/must-not-change\n"
        "ok   megatron-config/pipeline-stage-names@megatron-core==0.11.0\n"
        "ok   megatron-config/provider\n"
        "ok   megatron-config/python\n"
        "ok   megatron-config/split-rank-gone@megatron-core==0.14.0\n"
        "ok   megatron-config/split-rank-read\n"
        "14 passed, 0 failed\n",
    )


def test_every_pack_has_a_must_not_change_case_and_cites_a_source_per_rule() -> None:
    from cfgmigrate.pack import builtin_pack_names
    from cfgmigrate.packtest import case_folders

    for name in builtin_pack_names():
        pack_file = RULES / f"{name}.yaml"
        cases = {c.name for c in case_folders(pack_file)}
        assert "must-not-change" in cases and len(cases) >= 3, name
        still = RULES / "tests" / name / "must-not-change"
        assert sorted(p.relative_to(still / "before") for p in (still / "before").rglob("*")) == sorted(
            p.relative_to(still / "after") for p in (still / "after").rglob("*")
        )
        spec = yaml.safe_load(pack_file.read_text())
        assert spec["description"] and spec["files"], name
        for rule in spec["rules"]:
            assert len(rule.get("description", "")) > 20, (name, rule["id"])


def test_a_failing_case_names_the_line(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("name: mine\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    rename: a\n    to: b\n")
    case = tmp_path / "tests" / "mine" / "rename"
    (case / "before").mkdir(parents=True)
    (case / "after").mkdir(parents=True)
    (case / "before" / "x.yaml").write_text("a: 1\nc: 2\n")
    (case / "after" / "x.yaml").write_text("bb: 1\nc: 2\n")
    r = run(["rules", "test", str(pack)])
    assert (r.exit_code, r.stdout) == (
        1,
        "FAIL mine/rename: x.yaml: wrong change at line 1: expected 'bb: 1', got 'b: 1'\n"
        "FAIL mine/rename (reverse): x.yaml: missing change at line 1: expected 'a: 1', got 'bb: 1'\n"
        "0 passed, 2 failed\n",
    )


def test_a_case_that_is_not_idempotent_fails(tmp_path: Path) -> None:
    pack = tmp_path / "grow.yaml"
    pack.write_text(
        "name: grow\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    map: a\n    values: {1: 2, 2: 3}\n    when: [1, 2]\n"
    )
    case = tmp_path / "tests" / "grow" / "nest"
    (case / "before").mkdir(parents=True)
    (case / "after").mkdir(parents=True)
    (case / "before" / "x.yaml").write_text("a: 1\n")
    (case / "after" / "x.yaml").write_text("a: 2\n")
    r = run(["rules", "test", str(pack)])
    assert (r.exit_code, r.stdout) == (
        1,
        "FAIL grow/nest: a second run changes x.yaml again (not idempotent)\n0 passed, 1 failed\n",
    )


def test_rules_test_reports_a_failing_case(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("name: mine\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    rename: a\n    to: b\n")
    case = tmp_path / "tests" / "mine" / "rename"
    (case / "before").mkdir(parents=True)
    (case / "before" / "x.yaml").write_text("a: 1\n")
    shutil.copytree(case / "before", case / "after")  # wrong on purpose: claims nothing changes
    r = run(["rules", "test", str(pack)])
    assert (r.exit_code, r.stdout) == (
        1,
        "FAIL mine/rename: x.yaml: unexpected change at line 1: expected 'a: 1', got 'b: 1'\n0 passed, 1 failed\n",
    )


def test_a_concrete_copy_of_the_template_applies_by_file_and_reverses(tmp_path: Path) -> None:
    shutil.copytree(RULES / "tests" / "hf-llama-names" / "model-section" / "before", tmp_path / "p")
    before = (tmp_path / "p" / "model.yaml").read_text()
    assert run(["apply", "-p", "hf-llama-names", "--root", ".", "."], tmp_path / "p").exit_code == 2  # a template
    shown = run(["rules", "show", "hf-llama-names"]).stdout
    start, end = shown.index("template: >-"), shown.index("files: [")
    (tmp_path / "names.yaml").write_text(shown[:start] + shown[end:])  # made concrete: these names are the stack's
    pack = str(tmp_path / "names.yaml")
    assert run(["apply", "-r", pack, "--root", ".", "."], tmp_path / "p").exit_code == 0
    assert "d_model: 2048" in (tmp_path / "p" / "model.yaml").read_text()
    assert run(["apply", "--reverse", "-r", pack, "--root", ".", "."], tmp_path / "p").exit_code == 0
    assert (tmp_path / "p" / "model.yaml").read_text() == before


def test_a_pack_that_cannot_be_reversed_says_which_rule(tmp_path: Path) -> None:
    r = run(["apply", "--reverse", "-p", "megatron-config", "--root", str(tmp_path), str(tmp_path)])
    assert r.exit_code == 2
    assert (
        r.stderr.splitlines()[0] == "megatron-config.yaml:10: batch-p2p-comm-bool: cannot be reversed: coerce loses information"
    )


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


@pytest.mark.parametrize(
    "case", ["config-json/before/llama", "config-json-rope-null/before/mistral-7b", "config-json-rope-null/before/qwen2-yarn"]
)
def test_transformers5_loads_the_migrated_config_json_the_same_and_quietly(
    case: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Apply the pack here (not the stored after/), then load both files with transformers 5: same
    config, no message about a key the pack handles, and nothing left that v5 would not write."""
    transformers = pytest.importorskip("transformers")
    import json

    shutil.copytree(RULES / "tests" / "transformers-v5" / case, tmp_path / "m")
    before = json.loads((tmp_path / "m" / "config.json").read_text())
    r = run(["apply", "-p", "transformers-v5", "--deprecations", "--root", ".", "."], tmp_path / "m")
    assert r.exit_code == 0, r.output
    after = json.loads((tmp_path / "m" / "config.json").read_text())
    handled = ("torch_dtype", "rope_scaling", "rope_theta", "use_flash_attention_2", "use_auth_token")
    assert not set(after) & set(handled)

    transformers.logging.enable_propagation()
    loaded = {}
    for label, d in (("before", before), ("after", after)):
        caplog.clear()
        with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.INFO):
            warnings.simplefilter("always")
            kwargs = dict(d)
            by_name = transformers.AutoConfig.for_model(kwargs.pop("model_type"), **kwargs)
            from_dict = type(by_name).from_dict(dict(d))
        said = [r.getMessage() for r in caplog.records] + [str(w.message) for w in caught]
        if label == "after":
            assert not [m for m in said if any(k in m for k in handled)], said
        assert by_name.to_dict() == from_dict.to_dict()
        loaded[label] = from_dict.to_dict()
    rope_before = {k: v for k, v in loaded["before"].pop("rope_parameters").items() if k != "type"}
    assert loaded["after"].pop("rope_parameters") == rope_before  # only the legacy duplicate `type` is gone
    assert loaded["after"] == loaded["before"]
    assert str(transformers.AutoConfig.for_model(after["model_type"]).__class__.from_dict(after).dtype) == "torch.bfloat16"

    # what transformers 5 writes for the migrated config is already migrated: the pack finds nothing
    saved = tmp_path / "saved"
    type(by_name).from_dict(after).save_pretrained(saved)
    assert run(["apply", "--check", "-p", "transformers-v5", "--root", ".", "."], saved).exit_code == 0
