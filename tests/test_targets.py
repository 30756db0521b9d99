"""A pack's `targets:` class: `rules check` and `apply` refuse a rule whose new name the class
lacks; hf-llama-names is a template a user makes concrete for their class (#12 item 4)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main

RULES = Path(__file__).parents[1] / "rules"

# The shape of seed 002's local stack: its own short names, and `rms_norm_eps` kept from Hugging Face.
CONFIG = """from dataclasses import dataclass


@dataclass
class BaseConfig:
    vocab_size: int = 32000


@dataclass
class ModelConfig(BaseConfig):
    d_model: int = 2048
    n_heads: int = 32
    n_layers: int = 16
    d_ff: int = 8192
    n_kv: int = 8
    rms_norm_eps: float = 1e-6
    seq_len: int = 8192
"""
MODEL = "model:\n  hidden_size: 2048\n  num_key_value_heads: 8\n  rms_norm_eps: 1.0e-05\n"


def run(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


def project(tmp_path: Path, targets: str = "specs/config.py::ModelConfig") -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "config.py").write_text(CONFIG)
    (tmp_path / "model.yaml").write_text(MODEL)
    template = (RULES / "hf-llama-names.yaml").read_text()
    start, end = template.index("template: >-"), template.index("files: [")
    (tmp_path / "names.yaml").write_text(template[:start] + f"targets: {targets}\n" + template[end:])
    return tmp_path


REFUSED = (
    "names.yaml:27: n-kv-heads: n_kv_heads is not a field of specs/config.py::ModelConfig (did you mean `n_heads`?)\n"
    "names.yaml:31: norm-eps: norm_eps is not a field of specs/config.py::ModelConfig (did you mean `rms_norm_eps`?)\n"
    "names.yaml:35: max-seq-len: max_seq_len is not a field of specs/config.py::ModelConfig (did you mean `seq_len`?)\n"
    "names.yaml:39: tie-embeddings: tie_embeddings is not a field of specs/config.py::ModelConfig\n"
)


def test_rules_check_refuses_names_the_target_class_lacks(tmp_path: Path) -> None:
    r = run(["rules", "check", "--root", ".", "names.yaml"], project(tmp_path))
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", REFUSED)


def test_apply_refuses_them_before_touching_a_file(tmp_path: Path) -> None:
    r = run(["apply", "-r", "names.yaml", "--root", ".", "."], project(tmp_path))
    assert (r.exit_code, r.stderr) == (2, REFUSED)
    assert (tmp_path / "model.yaml").read_text() == MODEL


def test_the_concrete_pack_is_checked_and_applied_and_reversed(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = (root / "names.yaml").read_text()
    text = text.replace("to: n_kv_heads", "to: n_kv").replace("to: max_seq_len", "to: seq_len")
    rules = text.split("  - id: ")
    keep = [r for r in rules if not r.startswith(("norm-eps", "tie-embeddings"))]  # the class keeps rms_norm_eps
    (root / "names.yaml").write_text("  - id: ".join(keep))
    assert run(["rules", "check", "--root", ".", "names.yaml"], root).stdout == "names.yaml: ok (6 rules)\n"
    assert run(["apply", "-r", "names.yaml", "--root", ".", "."], root).exit_code == 0
    assert (root / "model.yaml").read_text() == "model:\n  d_model: 2048\n  n_kv: 8\n  rms_norm_eps: 1.0e-05\n"
    assert run(["apply", "--reverse", "-r", "names.yaml", "--root", ".", "."], root).exit_code == 0
    assert (root / "model.yaml").read_text() == MODEL


def test_a_target_class_that_is_not_there_is_named(tmp_path: Path) -> None:
    r = run(["rules", "check", "--root", ".", "names.yaml"], project(tmp_path, "specs/config.py::Nope"))
    assert (r.exit_code, r.stderr) == (2, f"names.yaml:8: targets: specs/config.py::Nope not found (from {tmp_path.resolve()})\n")


def test_the_builtin_template_is_not_applied_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "model.yaml").write_text(MODEL)
    r = run(["apply", "-p", "hf-llama-names", "--root", ".", "."], tmp_path)
    assert r.exit_code == 2
    assert r.stderr.startswith(
        "hf-llama-names.yaml:8: hf-llama-names is a template, not applied as it is: its short names are examples"
    )
    assert (tmp_path / "model.yaml").read_text() == MODEL


def test_compare_emits_the_renames_and_targets_checks_them(tmp_path: Path) -> None:
    root = project(tmp_path)
    r = run(["compare", "transformers.LlamaConfig", "specs/config.py::ModelConfig", "--emit-rules", "mine.yaml"], root)
    assert r.exit_code == 1  # they differ
    emitted = (root / "mine.yaml").read_text()
    assert [line.split('"')[1] for line in emitted.splitlines() if line.startswith("    to: ")] == [
        "d_model",
        "d_ff",
        "n_layers",
        "n_heads",
    ]
    by_hand = '  - id: kv-heads\n    rename: "num_key_value_heads"\n    to: "n_kv"\n'
    assert 'targets: "specs/config.py::ModelConfig"' in emitted  # compare writes B as the pack's targets
    (root / "mine.yaml").write_text(emitted.replace("rules:\n", "rules:\n" + by_hand))
    assert run(["rules", "check", "--root", ".", "mine.yaml"], root).stdout == "mine.yaml: ok (5 rules)\n"
