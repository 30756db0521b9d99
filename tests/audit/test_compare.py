"""`cfgmigrate compare` on a pair shaped like seed 000 (a provider class with defaults, a dump of a
run): exactly the expected differences, with the three type mismatches apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casefolders import invoke as run

SEED_000 = Path(__file__).parent / "fixtures" / "seed000"


def compare(cwd: Path, *args: str) -> tuple[int, dict]:
    r = run(["compare", "--format", "json", *args], cwd)
    return r.exit_code, json.loads(r.stdout)


def test_a_class_against_a_dump_like_seed_000() -> None:
    code, diff = compare(SEED_000, "provider.py::LlamaProvider", "dump.yaml")
    assert code == 1
    assert diff["type_mismatches"] == [
        {"key": "fp8_dot_product_attention", "a": False, "b": 0, "types": "bool vs int"},
        {"key": "moe_aux_loss_coeff", "a": 0.0, "b": 0, "types": "float vs int"},
        {"key": "parallel.batch_p2p_comm", "a": True, "b": "False", "types": "bool vs str"},
    ]
    assert diff["different"] == [
        {"key": "bf16", "a": False, "b": True},
        {"key": "fp16", "a": True, "b": False},
        {"key": "fp8", "a": None, "b": "hybrid"},
    ]
    assert diff["only_in_a"] == [{"key": "rotary_base", "a": 10000.0}]
    assert diff["only_in_b"] == [{"key": "first_pipeline_num_layers", "b": None}]
    assert diff["summary"] == {"in_a": 10, "in_b": 10, "different": 3, "type_mismatches": 3, "only_in_a": 1, "only_in_b": 1}


def test_a_file_against_itself_is_clean() -> None:
    code, diff = compare(SEED_000, "dump.yaml", "dump.yaml")
    assert (code, diff["summary"]) == (
        0,
        {"in_a": 10, "in_b": 10, "different": 0, "type_mismatches": 0, "only_in_a": 0, "only_in_b": 0},
    )


def test_json_against_yaml(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"parallel": {"batch_p2p_comm": true}, "fp16": false}\n')
    code, diff = compare(SEED_000, str(tmp_path / "a.json"), "dump.yaml")
    assert code == 1
    assert diff["type_mismatches"] == [{"key": "parallel.batch_p2p_comm", "a": True, "b": "False", "types": "bool vs str"}]
    assert diff["different"] == []


def test_emitted_coercions_fix_the_dump(tmp_path: Path) -> None:
    root = tmp_path / "s"
    shutil.copytree(SEED_000, root)
    code, _ = compare(root, "--emit-rules", "types.yaml", "provider.py::LlamaProvider", "dump.yaml")
    assert code == 1
    assert run(["rules", "check", "types.yaml"], root).exit_code == 0
    assert run(["apply", "--root", ".", "-r", "types.yaml", "."], root).exit_code == 0
    assert compare(root, "provider.py::LlamaProvider", "dump.yaml")[1]["type_mismatches"] == []


def test_table_format() -> None:
    r = run(["compare", "provider.py::LlamaProvider", "dump.yaml"], SEED_000)
    assert "type mismatches (3)" in r.stdout
    assert "│ parallel.batch_p2p_comm   │ True  │ 'False' │ bool vs str  │" in r.stdout
    assert r.stdout.splitlines()[-1] == (
        '{"in_a": 10, "in_b": 10, "different": 3, "type_mismatches": 3, "only_in_a": 1, "only_in_b": 1}'
    )


def test_errors_name_the_file_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("class A(:\n")
    cases = {
        ("provider.py::Missing", "dump.yaml"): "provider.py: no class Missing",
        ("nowhere.yaml", "dump.yaml"): "nowhere.yaml: cannot read: No such file or directory",
        (str(tmp_path / "bad.py") + "::A", "dump.yaml"): f"{tmp_path / 'bad.py'}:1: cannot parse: invalid syntax",
    }
    for (a, b), message in cases.items():
        r = run(["compare", a, b], SEED_000)
        assert (r.exit_code, r.stderr) == (2, message + "\n")


def test_a_text_dump_like_seed_000_against_yaml() -> None:
    code, diff = compare(SEED_000, "--format-a", "text", "provider_dump.md", "dump.yaml")
    assert code == 1
    assert diff["type_mismatches"] == [
        {"key": "fp8_dot_product_attention", "a": False, "b": 0, "types": "bool vs int"},
        {"key": "moe_aux_loss_coeff", "a": 0.0, "b": 0, "types": "float vs int"},
        {"key": "parallel.batch_p2p_comm", "a": True, "b": "False", "types": "bool vs str"},
    ]
    assert diff["different"] == [
        {"key": "bf16", "a": False, "b": True},
        {"key": "fp16", "a": True, "b": False},
        {"key": "fp8", "a": None, "b": "hybrid"},
    ]
    assert [k["key"] for k in diff["only_in_a"]] == ["generation.do_sample", "generation.top_p", "init_method", "params_dtype"]
    assert diff["only_in_a"][3] == {"key": "params_dtype", "a": "torch.float16"}


def test_text_dump_errors_carry_their_line(tmp_path: Path) -> None:
    cases = {
        "- `a`: 1\n- `b` 2\n": "d.md:2: cannot parse: not a `key: value` line: '- `b` 2'",
        "- `a`: 1\n- `a`: 2\n": "d.md:2: duplicate key 'a' (first at line 1)",
        "# x\n- `g`: Gen {\n  - `k`: 1\n": "d.md:2: cannot parse: the { opened for 'g' is never closed",
        "- `g`: Gen {\n  prose inside\n}\n": "d.md:2: cannot parse: not a `key: value` line: 'prose inside'",
    }
    for text, message in cases.items():
        (tmp_path / "d.md").write_text(text)
        r = run(["compare", "--format-a", "text", "d.md", "d.md"], tmp_path)
        assert (r.exit_code, r.stderr) == (2, message + "\n")


def test_classes_compare_with_everything_they_inherit() -> None:
    project = Path(__file__).parents[1] / "classes" / "fixtures" / "inherit"
    code, diff = compare(project, "src/shop/model.py::Provider", "src/shop/model.py::Core")
    assert code == 1
    assert diff["summary"] == {"in_a": 10, "in_b": 4, "different": 1, "type_mismatches": 0, "only_in_a": 6, "only_in_b": 0}
    assert diff["different"] == [{"key": "hidden", "a": 128, "b": 64}]  # batch_p2p_comm comes from ParallelConfig
    assert diff["notes"] == []


def test_bases_left_out_are_said(tmp_path: Path) -> None:
    project = Path(__file__).parents[1] / "classes" / "fixtures" / "inherit"
    r = run(["compare", "--format", "json", "scripts/lost.py::Lost", "src/shop/model.py::Core"], project)
    note = "A: scripts/lost.py:7: Lost inherits from Gone, which is imported from not_installed_anywhere, not found on the search path: its fields are left out"
    assert r.stderr == f"warning: {note}\n"
    assert json.loads(r.stdout)["notes"] == [note]


def test_emit_rules_between_classes_maps_names_both_ways(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mapping", root)
    code, _ = compare(root, "--emit-rules", "names.yaml", "transformers.LlamaConfig", "specs/config.py::LocalConfig")
    assert code == 1
    text = (root / "names.yaml").read_text()
    active = [
        line.split('"')[1] + " -> " + nxt.split('"')[1]
        for line, nxt in zip(text.splitlines(), text.splitlines()[1:], strict=False)
        if line.startswith("    rename:")
    ]
    assert active == [
        "hidden_size -> d_model",
        "intermediate_size -> d_ff",
        "num_hidden_layers -> n_layers",
        "num_attention_heads -> n_heads",
        "attention_dropout -> attn_dropout",
    ]
    assert "  # - id: transformers-version-to-version\n" in text  # a guess: written commented out
    assert "# same name on both sides: vocab_size, rms_norm_eps, head_dim\n" in text
    assert 'targets: "specs/config.py::LocalConfig"  # every new name must be a field of it (docs/packs.md)\n' in text
    assert run(["rules", "check", "--root", ".", "names.yaml"], root).exit_code == 0
    original = (root / "ckpt" / "config.json").read_bytes()
    assert run(["apply", "--root", ".", "-r", "names.yaml", "ckpt"], root).exit_code == 0
    mapped = json.loads((root / "ckpt" / "config.json").read_text())
    import dataclasses
    import importlib.util

    spec = importlib.util.spec_from_file_location("local_specs", root / "specs" / "config.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    names = {f.name for f in dataclasses.fields(module.LocalConfig)}
    config = module.LocalConfig(**{k: v for k, v in mapped.items() if k in names})
    assert (config.d_model, config.n_heads, config.n_layers, config.d_ff, config.attn_dropout) == (256, 8, 4, 768, 0.0)
    assert run(["apply", "--root", ".", "--reverse", "-r", "names.yaml", "ckpt"], root).exit_code == 0
    assert (root / "ckpt" / "config.json").read_bytes() == original
