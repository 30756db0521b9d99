"""The Python engine reads bound classes with the shared class reader: a field a base class in
another file declares is renamed where it is declared; one an installed base declares is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyengine import migrate

PACK = """\
name: t
files: ["**/*.py"]
schema:
  train: train.py::TrainConfig
rules:
  - {id: lr, rename: train.lr, to: learning_rate}
"""
TRAIN = "from dataclasses import dataclass\n\nfrom outside_lib import LibConfig\n\n\n@dataclass\nclass TrainConfig(LibConfig):\n    epochs: int = 1\n"
LIB = "from dataclasses import dataclass\n\n\n@dataclass\nclass LibConfig:\n    lr: float = 0.1\n"


def test_a_field_an_installed_base_declares_is_refused_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "outside_lib.py").write_text(LIB)
    monkeypatch.syspath_prepend(str(site))
    project = tmp_path / "project"
    use = "from train import TrainConfig\n\ncfg = TrainConfig(lr=0.5)\n"
    out = migrate(project, PACK, {"train.py": TRAIN, "use.py": use}, "use.py")
    assert (out.text, out.changes) == (use, [])
    assert out.diagnostics == [
        f"use.py: lr: TrainConfig.lr is declared in {site.resolve()}/outside_lib.py::LibConfig, outside the project; left as it was"
    ]


def test_the_bound_class_s_own_field_is_renamed_in_its_own_body(tmp_path: Path) -> None:
    own = "from dataclasses import dataclass\n\n\n@dataclass\nclass TrainConfig:\n    lr: float = 0.1\n"
    out = migrate(tmp_path, PACK, {"train.py": own}, "train.py")
    assert out.text == own.replace("lr:", "learning_rate:")
    assert out.changes == ["6 lr: renamed field TrainConfig.lr to learning_rate"]
