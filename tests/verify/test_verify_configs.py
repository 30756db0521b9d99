"""`cfgmigrate verify` for configs against their classes: strict pydantic validation, each
problem at the line of its key; the example project before and after `apply`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_verify

from cfgmigrate.cli import main

PROJECT = FIXTURES / "project"
EXAMPLE = Path(__file__).parents[2] / "examples" / "pretraining"


def check(config: str, ref: str, section: str) -> tuple[int, dict]:
    code, out = run_verify("--root", str(PROJECT), "--config", config, "--class", ref, "--section", section, cwd=PROJECT)
    [item] = out["items"]
    return code, item


def test_drifted_data_config_fails_at_the_lines_of_its_keys() -> None:
    code, item = check("configs/drifted.yaml", "pkg/data_configs.py::DataConfig", "data")
    assert (code, item["ok"], item["reason"]) == (1, False, "3 problems")
    assert item["problems"] == [
        "configs/drifted.yaml:1: DataConfig.dataset: missing: a required field that the config does not provide",
        "configs/drifted.yaml:4: DataConfig.pin_memory: Input should be a valid boolean (got 'False')",
        "configs/drifted.yaml:2: DataConfig.dataset_name: unknown key: the class has no such field",
    ]


def test_fixed_data_config_loads() -> None:
    code, item = check("configs/fixed.yaml", "pkg/data_configs.py::DataConfig", "data")
    assert (code, item["ok"], item["reason"], item["problems"]) == (0, True, "loads", [])


def test_nested_dataclasses_paths_enums_and_tuples() -> None:
    code, item = check("configs/train.yaml", "pkg/train_configs.py::TrainConfig", "train")
    assert code == 1
    assert item["problems"] == [
        "configs/train.yaml:4: TrainConfig.data.pin_memory: Input should be a valid boolean (got 'no')",
        "configs/train.yaml:9: TrainConfig.optimizers.1.momentum: unknown key: the class has no such field",
        "configs/train.yaml:11: TrainConfig.warmup.lr: Input should be a valid number (got '1e-5')",
        "configs/train.yaml:13: TrainConfig.precision: Input should be 'bf16' or 'fp32' (got 'fp8')",
    ]
    # A list for a tuple, a string for a Path and an enum's value are what a config file holds.
    assert check("configs/train_ok.yaml", "pkg/train_configs.py::TrainConfig", "train")[1]["ok"]


def test_pydantic_models_are_validated_strictly() -> None:
    code, item = check("configs/train.yaml", "pkg/train_configs.py::WandbSettings", "wandb")
    assert item["problems"] == ["configs/train.yaml:16: WandbSettings.enabled: Input should be a valid boolean (got 'true')"]
    assert check("configs/train_ok.yaml", "pkg/train_configs.py::WandbSettings", "wandb")[1]["ok"]


def test_a_class_that_cannot_be_found_is_a_failed_item() -> None:
    code, item = check("configs/fixed.yaml", "pkg/data_configs.py::NoSuchConfig", "data")
    assert (code, item["reason"]) == (1, "pkg/data_configs.py has no class NoSuchConfig")
    code, item = check("configs/fixed.yaml", "pkg/data_configs.py::DataConfig", "model")
    assert (code, item["reason"]) == (1, "no section 'model' in the config")


def test_a_malformed_class_reference_is_a_usage_error() -> None:
    r = CliRunner().invoke(main, ["verify", "--config", str(PROJECT / "configs/fixed.yaml"), "--class", "DataConfig"])
    assert (r.exit_code, r.stdout, r.stderr.splitlines()[-1]) == (
        2,
        "",
        "Error: --class 'DataConfig': write it as FILE.py::Class",
    )


def test_nothing_to_verify_is_a_usage_error() -> None:
    r = CliRunner().invoke(main, ["verify"])
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr.splitlines()[-1] == (
        "Error: nothing to verify: give --config/--class, --loader, --model, --weights, or a pack with `verify:`"
    )


def test_a_broken_pack_exits_2(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: Bad Name\nrules: []\n")
    r = CliRunner().invoke(main, ["verify", "-r", str(pack)])
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == f"{pack}:1: `name`: String should match pattern '^[a-z0-9-]+$'\n"


def test_the_user_module_is_imported_only_when_its_class_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pkg.train_configs", raising=False)
    check("configs/fixed.yaml", "pkg/data_configs.py::DataConfig", "data")
    assert "pkg.train_configs" not in sys.modules


def test_example_project_loads_into_its_classes_only_after_apply(tmp_path: Path) -> None:
    project = tmp_path / "pretraining"
    shutil.copytree(EXAMPLE, project)
    code, before = run_verify("--root", ".", "-r", "migrate.yaml", cwd=project)
    assert code == 1
    problems = [p for i in before["items"] for p in i["problems"]]
    assert "configs/gpt2_124m.yaml:6: DataConfig.dataset_name: unknown key: the class has no such field" in problems
    assert "configs/deepseek3.yaml:60: WandbConfig.use_wandb: unknown key: the class has no such field" in problems
    r = CliRunner().invoke(main, ["apply", "--root", str(project), "-r", str(project / "migrate.yaml"), str(project)])
    assert r.exit_code == 0, r.output
    code, after = run_verify("--root", ".", "-r", "migrate.yaml", cwd=project)
    assert [p for i in after["items"] for p in i["problems"]] == []
    assert code == 0 and len(after["items"]) == 16  # 9 bound sections; gpt2 has no moe or mtp


def test_class_and_config_paths_outside_the_root_are_refused(tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    shutil.copytree(PROJECT, project)
    elsewhere.mkdir()
    (elsewhere / "evil.py").write_text("from dataclasses import dataclass\n\n\n@dataclass\nclass DataConfig:\n    dataset: str\n")
    shutil.copy(project / "configs" / "fixed.yaml", elsewhere / "fixed.yaml")
    code, out = run_verify(
        "--root", ".", "--config", "configs/fixed.yaml", "--class", "../elsewhere/evil.py::DataConfig", cwd=project
    )
    assert (code, out["items"][0]["reason"]) == (
        1,
        f"../elsewhere/evil.py: outside the project root {project}: only the project's own code is imported (--root)",
    )
    config = elsewhere / "fixed.yaml"
    code, out = run_verify("--root", ".", "--config", str(config), "--class", "pkg/data_configs.py::DataConfig", cwd=project)
    assert (code, out["items"][0]["reason"]) == (
        1,
        f"{config}: outside the project root {project}: configs are read from the project (--root)",
    )


@pytest.mark.parametrize(
    ("verify", "line", "message"),
    [
        ('  configs: [{config: "configs/*.yaml", class: "../x.py::C"}]\n', 4, "'../x.py::C': '..' leaves the project root"),
        ('  configs: [{config: "/etc/*.yaml", class: "x.py::C"}]\n', 4, "'/etc/*.yaml': paths are relative to the project root"),
        ("  loader: {call: '../tools/load.py::load'}\n", 4, "'../tools/load.py::load': '..' leaves the project root"),
        ("  models: ['/models/config.json']\n", 4, "'/models/config.json': paths are relative to the project root"),
    ],
)
def test_a_pack_cannot_point_verify_outside_the_root(tmp_path: Path, verify: str, line: int, message: str) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("name: p\nrules: []\nverify:\n" + verify)
    r = CliRunner().invoke(main, ["verify", "-r", str(pack)])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"{pack}:{line}: ") and r.stderr.rstrip().endswith(message), r.stderr


def test_a_field_of_an_arbitrary_type_says_a_config_cannot_give_it(tmp_path: Path) -> None:
    # seed 000's dump prints params_dtype as torch.bfloat16: a string where a torch.dtype belongs
    (tmp_path / "precision.py").write_text(
        "from dataclasses import dataclass, field\n\n\nclass DType:\n    pass\n\n\n"
        "@dataclass\nclass Precision:\n    params_dtype: DType = field(default_factory=DType)\n"
    )
    (tmp_path / "dump.yaml").write_text("params_dtype: torch.bfloat16\n")
    code, out = run_verify("--root", ".", "--config", "dump.yaml", "--class", "precision.py::Precision", cwd=tmp_path)
    assert (code, out["items"][0]["problems"]) == (
        1,
        [
            "dump.yaml:1: Precision.params_dtype: the field holds a Python object, which a config file cannot give"
            " (got 'torch.bfloat16', as such an object prints)"
        ],
    )
