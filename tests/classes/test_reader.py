"""The shared class reader against Python itself: the fields it reads statically, inherited ones
included, are the fields ``dataclasses.fields`` gives after a real import, in the same order."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path

import pytest

from cfgmigrate.classes import REQUIRED, ClassReader, Computed

PROJECT = Path(__file__).parent / "fixtures" / "inherit"


def runtime_fields(module: str, name: str, path: Path) -> list[tuple[str, bool, bool]]:
    sys.path.insert(0, str(path))
    try:
        cls = getattr(importlib.import_module(module), name)
    finally:
        sys.path.remove(str(path))
    return [(f.name, f.init, f.kw_only) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]


def static_fields(reader: ClassReader, file: str, name: str) -> list[tuple[str, bool, bool]]:
    cls = reader.read(file, name)
    assert cls is not None
    return [(f.name, f.init, f.kw_only) for f in cls.fields.values()]


@pytest.mark.parametrize("name", ["Core", "Extra", "Provider"])
def test_fields_in_the_order_dataclasses_computes(name: str) -> None:
    expected = runtime_fields("shop.model", name, PROJECT / "src")
    assert static_fields(ClassReader(PROJECT), "src/shop/model.py", name) == expected


def test_bases_in_other_files_overrides_and_sources() -> None:
    provider = ClassReader(PROJECT).read("src/shop/model.py", "Provider")
    assert provider is not None and provider.unresolved == ()
    fields = provider.fields
    assert (fields["tensor_parallel"].default, fields["tensor_parallel"].owner) == (8, "Core")  # overridden, same place
    assert (fields["batch_p2p_comm"].path, fields["batch_p2p_comm"].line) == ("src/shop/base.py", 8)
    assert (fields["hidden"].default, fields["hidden"].owner) == (128, "Provider")
    assert isinstance(fields["extras"].default, Computed) and fields["extras"].default == "list()"
    assert "note" not in fields and "registry" not in fields  # a plain mixin's attribute, a ClassVar
    assert list(provider.own_fields) == ["hidden", "seq_length", "_private", "cache", "name"]


def test_a_base_that_cannot_be_found_is_said() -> None:
    lost = ClassReader(PROJECT).read("scripts/lost.py", "Lost")
    assert lost is not None and list(lost.fields) == ["x"]
    assert lost.unresolved == (
        "scripts/lost.py:7: Lost inherits from Gone, which is imported from not_installed_anywhere, "
        "not found on the search path: its fields are left out",
    )


def test_a_base_in_an_installed_package() -> None:
    transformers = pytest.importorskip("transformers")
    tiny = ClassReader(PROJECT).read("scripts/hf.py", "TinyLlama")
    assert tiny is not None and tiny.unresolved == ()
    llama = [f.name for f in dataclasses.fields(transformers.LlamaConfig)]
    assert list(tiny.fields) == [*llama, "tiny"]
    assert tiny.fields["hidden_size"].default == 64 and tiny.fields["vocab_size"].default == 32000
    assert tiny.fields["initializer_range"].default == 0.02  # interval(min=0.0, max=1.0)(default=0.02)


def test_an_installed_class_by_import_name() -> None:
    transformers = pytest.importorskip("transformers")
    llama = ClassReader(PROJECT).read_dotted("transformers.LlamaConfig")  # through the package's * re-exports
    assert llama is not None
    assert list(llama.fields) == [f.name for f in dataclasses.fields(transformers.LlamaConfig)]
    assert llama.fields["num_key_value_heads"].annotation == "int | None"


def test_required_fields_and_nested_config_classes(tmp_path: Path) -> None:
    (tmp_path / "cfg.py").write_text(
        "from dataclasses import dataclass, field\nfrom typing import Optional\n\n"
        "@dataclass\nclass Data:\n    path: str\n\n"
        "@dataclass\nclass Train:\n    data: Data\n    extra: Optional['Data'] = None\n    lr: float = field(default=1e-3)\n"
    )
    reader = ClassReader(tmp_path)
    train = reader.read("cfg.py", "Train")
    assert train is not None
    assert (train.fields["data"].required, train.fields["data"].default) == (True, None)
    assert train.fields["lr"].default == 0.001 and REQUIRED is not None
    data = reader.field_class(train, "data")
    assert data is not None and data.name == "Data"
    assert reader.field_class(train, "extra") is not None and reader.field_class(train, "lr") is None


def test_a_hand_written_init_is_the_constructor(tmp_path: Path) -> None:
    (tmp_path / "q.py").write_text(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Mixin:\n    method: str\n\n\n"
        "@dataclass\nclass Own(Mixin):\n    def __init__(self, bits=4, **kwargs):\n        self.method = 'bnb'\n\n\n"
        "class Plain(Own):\n    pass\n\n\n@dataclass\nclass Again(Own):\n    extra: int = 0\n"
    )
    reader = ClassReader(tmp_path)
    own = {name: reader.read("q.py", name).own_init for name in ("Mixin", "Own", "Plain", "Again")}  # type: ignore[union-attr]
    assert own == {"Mixin": False, "Own": True, "Plain": True, "Again": False}  # a dataclass writes its own again
