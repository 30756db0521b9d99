"""Configs into classes, at the library level: pydantic's strict JSON mode refuses what a config
file gets wrong and accepts the conversions every YAML loader relies on; the user's class is
imported from its file and never modified; problems land on the line of their key."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgmigrate.verify.classes import ClassLoadError, load_class, verify_config

MODULE = """\
import dataclasses, enum
from pathlib import Path
from typing import Literal
from pydantic import BaseModel


class Mode(enum.Enum):
    TRAIN = "train"


@dataclasses.dataclass
class Optim:
    lr: float = 1.0e-3


@dataclasses.dataclass
class Run:
    name: str
    out: Path = Path("out")
    mode: Mode = Mode.TRAIN
    shape: tuple[int, int] = (1, 1)
    kind: Literal["a", "b"] = "a"
    optim: Optim = dataclasses.field(default_factory=Optim)

    def __post_init__(self):
        if self.name == "forbidden":
            raise ValueError("name must not be 'forbidden'")


class Wandb(BaseModel):
    project: str
    enabled: bool = False
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "cfgs").mkdir()
    (tmp_path / "cfgs" / "run_classes.py").write_text(MODULE)
    return tmp_path


def run(
    project: Path, text: str, ref: str = "cfgs/run_classes.py::Run", section: str | None = "run"
) -> tuple[bool, str, list[str]]:
    (project / "c.yaml").write_text(text)
    item = verify_config(project, project / "c.yaml", ref, section)
    return item.ok, item.reason, item.problems


def test_loader_conversions_are_accepted(project: Path) -> None:
    text = "run:\n  name: x\n  out: runs/x\n  mode: train\n  shape: [2, 3]\n  kind: b\n  optim:\n    lr: 1\n"
    assert run(project, text) == (True, "loads", [])


def test_nested_unknown_keys_wrong_literals_and_types_are_refused(project: Path) -> None:
    text = "run:\n  name: x\n  kind: c\n  optim:\n    lr: '0.1'\n    betas: [0.9, 0.95]\n"
    assert run(project, text) == (
        False,
        "3 problems",
        [
            "c.yaml:3: Run.kind: Input should be 'a' or 'b' (got 'c')",
            "c.yaml:5: Run.optim.lr: Input should be a valid number (got '0.1')",
            "c.yaml:6: Run.optim.betas: unknown key: the class has no such field",
        ],
    )


def test_the_class_own_checks_run_at_the_section_line(project: Path) -> None:
    text = "# header\nrun:\n  name: forbidden\n"
    assert run(project, text)[2] == ["c.yaml:2: Run: Value error, name must not be 'forbidden'"]


def test_pydantic_models_are_strict_too_and_stay_unchanged(project: Path) -> None:
    text = "wandb:\n  project: p\n  enabled: 'yes'\n  entity: me\n"
    ref = "cfgs/run_classes.py::Wandb"
    assert run(project, text, ref, "wandb")[2] == [
        "c.yaml:3: Wandb.enabled: Input should be a valid boolean (got 'yes')",
        "c.yaml:4: Wandb.entity: unknown key: the class has no such field",
    ]
    wandb = load_class(project, ref)
    assert wandb(project="p", entity="me").model_dump() == {"project": "p", "enabled": False}  # still lenient


def test_a_whole_file_config_and_a_missing_section(project: Path) -> None:
    assert run(project, "name: x\n", section=None) == (True, "loads", [])
    assert run(project, "other: {}\n") == (False, "no section 'run' in the config", [])


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("cfgs/run_classes.py", "cfgs/run_classes.py: a class is named as FILE.py::Class"),
        ("cfgs/nope.py::Run", "cfgs/nope.py: no such Python file"),
        ("cfgs/run_classes.py::Nope", "cfgs/run_classes.py has no class Nope"),
        ("cfgs/run_classes.py::Mode", "Mode is neither a dataclass nor a pydantic model"),
    ],
)
def test_class_references_that_cannot_be_used(project: Path, ref: str, message: str) -> None:
    assert run(project, "run:\n  name: x\n", ref) == (False, message, [])


def test_a_module_that_fails_to_import_says_how(project: Path) -> None:
    (project / "cfgs" / "broken.py").write_text("import not_a_module_anywhere\n")
    with pytest.raises(ClassLoadError, match=r"^cfgs/broken.py: import failed: ModuleNotFoundError: No module named"):
        load_class(project, "cfgs/broken.py::Run")
