"""Operations on schema-bound dataclass and pydantic fields, and the code that follows a rename."""

from __future__ import annotations

from pathlib import Path

from pyengine import dedent, migrate

CFG = '''
"""Configs."""
from dataclasses import dataclass


@dataclass
class DataConfig:
    """Data."""

    dataset_name: str = "owt"  # the dataset
    val_split: float = 0
    shuffle: str = 'False'
    seq_len: int = 1024

    def describe(self):
        return self.dataset_name
'''

PACK = """
name: t
files: ["**/*.py"]
schema:
  data: cfg.py::DataConfig
rules:
"""


def test_rename_add_coerce_on_a_dataclass(tmp_path: Path) -> None:
    pack = (
        PACK
        + """
  - {id: ds, rename: data.dataset_name, to: dataset}
  - {id: nw, add: data.num_workers, type: int, default: 4}
  - {id: tags, add: data.tags, type: "list[str]", default: [a]}
  - {id: vs, coerce: data.val_split, to: float}
  - {id: sh, coerce: data.shuffle, to: bool}
"""
    )
    out = migrate(tmp_path, pack, {"cfg.py": CFG}, "cfg.py")
    assert out.text == dedent('''
    """Configs."""
    from dataclasses import dataclass, field


    @dataclass
    class DataConfig:
        """Data."""

        dataset: str = "owt"  # the dataset
        val_split: float = 0.0
        shuffle: bool = False
        seq_len: int = 1024
        num_workers: int = 4
        tags: list[str] = field(default_factory=lambda: ["a"])

        def describe(self):
            return self.dataset
    ''')
    assert out.changes == [
        "10 ds: renamed field DataConfig.dataset_name to dataset",
        "16 ds: renamed attribute dataset_name to dataset",
        "7 nw: added field DataConfig.num_workers",
        "7 tags: added field DataConfig.tags",
        "11 vs: coerced field DataConfig.val_split to float",
        "12 sh: coerced field DataConfig.shuffle to bool",
    ]


def test_rename_follows_constructors_and_string_keys_but_not_look_alikes(tmp_path: Path) -> None:
    train = """
    from cfg import DataConfig
    import cfg as C


    def main(raw, args):
        d = DataConfig(dataset_name=raw["dataset_name"], seq_len=4)
        e = C.DataConfig(dataset_name="x")
        if "dataset_name" in raw and 'dataset_name' not in args:
            print(raw.get("dataset_name", "owt"), getattr(args, "dataset_name"))
        setattr(args, "dataset_name", 3)
        print("dataset_name is the key")
        log = {"dataset_name": 1}
        f(dataset_name=2)
        return d.dataset_name, args.dataset_name
    """
    pack = PACK + "  - {id: ds, rename: data.dataset_name, to: dataset}\n"
    out = migrate(tmp_path, pack, {"cfg.py": CFG, "train.py": train}, "train.py")
    assert out.text == dedent("""
    from cfg import DataConfig
    import cfg as C


    def main(raw, args):
        d = DataConfig(dataset=raw["dataset"], seq_len=4)
        e = C.DataConfig(dataset="x")
        if "dataset" in raw and 'dataset' not in args:
            print(raw.get("dataset", "owt"), getattr(args, "dataset"))
        setattr(args, "dataset", 3)
        print("dataset_name is the key")
        log = {"dataset_name": 1}
        f(dataset_name=2)
        return d.dataset, args.dataset_name
    """)  # d is a DataConfig (typed receiver); args is not known to be one
    attributes = migrate(tmp_path, pack.replace("to: dataset}", "to: dataset, access: [keys, attributes]}"), {}, "train.py")
    assert attributes.text.endswith("    return d.dataset, args.dataset\n")


HF_ARGS = """
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelArguments:
    model_name_or_path: str = field(metadata={"help": "path"})
    torch_dtype: Optional[str] = field(default=None, metadata={"help": "dtype"})
    use_flash_attention_2: bool = field(default=False, metadata={"help": "fa2"})
    lr: float = field(default=1, metadata={"help": "lr"})


@dataclass
class TrainingConfig:
    layers: list = field(default_factory=list)
    warmup: int = 0
"""


def test_defaults_inside_field_calls_keep_their_metadata(tmp_path: Path) -> None:
    pack = """
name: t
files: ["**/*.py"]
schema:
  "": [args.py::ModelArguments, args.py::TrainingConfig]
rules:
  - {id: fa2, map: use_flash_attention_2, to: attn_implementation, type: str, values: {true: flash_attention_2, false: eager}}
  - {id: dt, set_default: torch_dtype, value: bfloat16}
  - {id: lr, coerce: lr, to: float}
  - {id: layers, set_default: layers, value: [1, 2]}
  - {id: mp, set_default: model_name_or_path, value: gpt2}
"""
    out = migrate(tmp_path, pack, {"args.py": HF_ARGS}, "args.py")
    assert out.text == dedent(HF_ARGS).replace(
        'field(metadata={"help": "path"})', 'field(default="gpt2", metadata={"help": "path"})'
    ).replace("default=None", 'default="bfloat16"').replace(
        "use_flash_attention_2: bool = field(default=False", 'attn_implementation: str = field(default="eager"'
    ).replace("default=1,", "default=1.0,").replace("default_factory=list", "default_factory=lambda: [1, 2]")
    assert out.changes == [
        "10 fa2: mapped field ModelArguments.use_flash_attention_2 to attn_implementation",
        "9 dt: set default of ModelArguments.torch_dtype",
        "11 lr: coerced field ModelArguments.lr to float",
        "16 layers: set default of TrainingConfig.layers",
        "8 mp: set default of ModelArguments.model_name_or_path",
    ]


def test_set_default_before_a_required_field_is_refused_unless_kw_only(tmp_path: Path) -> None:
    source = "from dataclasses import dataclass\n\n\n@dataclass{args}\nclass E:\n    interval: int\n    name: str\n"
    pack = "name: t\nschema: {ev: e.py::E}\nrules:\n  - {id: iv, set_default: ev.interval, value: 2000}\n"
    refused = migrate(tmp_path, pack, {"e.py": source.format(args="")}, "e.py")
    assert refused.text == source.format(args="")
    assert refused.diagnostics == [
        "e.py:6: iv: cannot give E.interval a default: the required field name comes after it (a dataclass field with a "
        "default cannot precede one without; reorder the fields or make the class kw_only)"
    ]
    kw_only = source.format(args="(kw_only=True)")
    allowed = migrate(tmp_path, pack, {"e.py": kw_only}, "e.py")
    assert allowed.text == kw_only.replace("interval: int\n", "interval: int = 2000\n")


PYDANTIC = """
from pydantic import BaseModel, Field


class Serve(BaseModel):
    port: int = Field(8000, description="port")
    temperature: float = Field(default=1, ge=0)
    stop: list[str] = Field(default_factory=list)
    name: str
"""


def test_pydantic_fields_keep_field_arguments_and_literal_mutable_defaults(tmp_path: Path) -> None:
    pack = """
name: t
schema: {serve: s.py::Serve}
rules:
  - {id: port, set_default: serve.port, value: 9000}
  - {id: temp, coerce: serve.temperature, to: float}
  - {id: stop, set_default: serve.stop, value: ["</s>"]}
  - {id: tags, add: serve.tags, type: "list[str]", default: []}
  - {id: name, set_default: serve.name, value: srv}
"""
    out = migrate(tmp_path, pack, {"s.py": PYDANTIC}, "s.py")
    assert out.text == dedent("""
    from pydantic import BaseModel, Field


    class Serve(BaseModel):
        port: int = Field(9000, description="port")
        temperature: float = Field(default=1.0, ge=0)
        stop: list[str] = Field(default=["</s>"])
        name: str = "srv"
        tags: list[str] = []
    """)


def test_remove_is_refused_while_referenced_and_done_when_not(tmp_path: Path) -> None:
    files = {"cfg.py": CFG, "parse.py": 'def read(raw):\n    return raw["val_split"]\n'}
    pack = PACK + "  - {id: drop, remove: data.val_split}\n"
    refused = migrate(tmp_path, pack, files, "cfg.py")
    assert refused.text == dedent(CFG)
    assert refused.diagnostics == [
        "cfg.py:11: drop: cannot remove field DataConfig.val_split: it is still referenced at parse.py:2"
    ]
    (tmp_path / "parse.py").unlink()
    done = migrate(tmp_path, pack, {"cfg.py": CFG}, "cfg.py")
    assert done.text == dedent(CFG).replace("    val_split: float = 0\n", "")
    assert done.changes == ["11 drop: removed field DataConfig.val_split"]


def test_rules_outside_bound_prefixes_do_nothing_in_python(tmp_path: Path) -> None:
    pack = PACK + "  - {id: other, rename: model.dataset_name, to: dataset}\n"
    out = migrate(tmp_path, pack, {"cfg.py": CFG}, "cfg.py")
    assert (out.text, out.changes, out.diagnostics) == (dedent(CFG), [], [])


def test_rename_onto_an_existing_field_is_an_error(tmp_path: Path) -> None:
    pack = PACK + "  - {id: clash, rename: data.dataset_name, to: seq_len}\n"
    out = migrate(tmp_path, pack, {"cfg.py": CFG}, "cfg.py")
    assert out.text == dedent(CFG)
    assert out.diagnostics == ["cfg.py:10: clash: cannot rename field dataset_name to seq_len: DataConfig already has seq_len"]
