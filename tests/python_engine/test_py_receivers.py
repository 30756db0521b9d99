"""Attribute rules (``receivers:``): which objects are receivers, and the pack errors of the form."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyengine import dedent, migrate

from cfgmigrate.errors import PackError
from cfgmigrate.pack import load_pack_text

PACK = """
name: t
files: ["**/*.py"]
rules:
  - id: rt
    rename: rope_theta
    to: '{receiver}.rope_parameters["rope_theta"]'
    receivers: ["transformers.*Config", "*.config"]
"""


def test_relative_imports_subclasses_scopes_and_precedence(tmp_path: Path) -> None:
    code = """
    from transformers import LlamaConfig
    from .configuration import LocalConfig


    class Tiny(LlamaConfig):
        model_type = "tiny"


    class Own(LlamaConfig):
        def __init__(self, rope_theta=1e4):
            self.rope_theta = rope_theta


    def f(configs, cond):
        a = Tiny().rope_theta
        b = Own().rope_theta
        c = [x.rope_theta for x in configs]
        d = (lambda config: config.rope_theta)(None)
        e = (cond or LlamaConfig()).rope_theta
        g = LocalConfig().rope_theta
        return a, b, c, d, e, g
    """
    out = migrate(tmp_path, PACK, {"pkg/m.py": code}, "pkg/m.py")
    assert out.text == dedent(code).replace("a = Tiny().rope_theta", 'a = Tiny().rope_parameters["rope_theta"]')
    assert out.changes == [
        '16 rt: rewrote Tiny().rope_theta as Tiny().rope_parameters["rope_theta"] (Tiny() holds a Tiny (transformers.LlamaConfig))'
    ]
    own = "Own, a subclass of transformers.LlamaConfig, sets rope_theta itself (its own attribute, not the library's); left for a person"
    assert out.diagnostics == [
        f"pkg/m.py:12:9: rt: warning: self.rope_theta: {own}",
        f"pkg/m.py:17:9: rt: warning: Own().rope_theta: {own}",
    ]


def test_getattr_of_a_receiver_attribute_with_a_receiver_fallback(tmp_path: Path) -> None:
    code = """
    def provider(hf_pretrained, other):
        hf_config = hf_pretrained.config
        text_config = getattr(hf_config, "text_config", hf_config)
        loose = getattr(hf_config, "text_config", other)
        return text_config.rope_theta, loose.rope_theta
    """
    out = migrate(tmp_path, PACK.replace('"*.config"]', '"*.config", "*.text_config"]'), {"m.py": code}, "m.py")
    assert out.text == dedent(code).replace("text_config.rope_theta", 'text_config.rope_parameters["rope_theta"]')
    assert out.diagnostics == []


def test_a_one_to_one_rename_reaches_writes_and_names(tmp_path: Path) -> None:
    pack = 'name: t\nrules:\n  - {id: td, rename: torch_dtype, to: dtype, receivers: ["*.config"]}\n'
    code = """
    def f(model, other):
        model.config.torch_dtype = "bf16"
        del model.config.torch_dtype
        setattr(model.config, 'torch_dtype', 1)
        return other.torch_dtype, getattr(other, "torch_dtype")
    """
    out = migrate(tmp_path, pack, {"m.py": code}, "m.py")
    assert out.text == dedent(code).replace("config.torch_dtype", "config.dtype").replace(
        "config, 'torch_dtype'", "config, 'dtype'"
    )
    assert [c.split(" (")[0] for c in out.changes] == [
        "3 td: renamed attribute torch_dtype to dtype",
        "4 td: renamed attribute torch_dtype to dtype",
        "5 td: renamed attribute name torch_dtype to dtype in setattr()",
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "  - {id: r, remove: rope_theta, receivers: [a.B]}\n",
            "pack.yaml:3: r: `receivers:` (attribute reads) works with `rename` only",
        ),
        (
            "  - {id: r, rename: rope_theta, to: dtype, receivers: [a.B], calls: [f]}\n",
            "pack.yaml:3: r: a rule has either `calls:` (keywords) or `receivers:` (attributes), not both",
        ),
        (
            "  - {id: r, rename: a.rope_theta, to: x, receivers: [a.B]}\n",
            "pack.yaml:3: r: with `receivers`, the subject is an attribute name, not a key path",
        ),
        (
            "  - {id: r, rename: rope_theta, to: '{receiver}[', receivers: [a.B]}\n",
            "pack.yaml:3: r: the template `to` is not a Python expression with {receiver}: '[' was never closed (<unknown>, line 1)",
        ),
        (
            "  - {id: r, rename: rope_theta, to: 'a + {receiver}', receivers: [a.B]}\n",
            "pack.yaml:3: r: the template `to` must be an attribute, subscript or call on {receiver}",
        ),
    ],
)
def test_bad_attribute_rules_do_not_load(rule: str, message: str) -> None:
    with pytest.raises(PackError) as e:
        load_pack_text("name: t\nrules:\n" + rule, "pack.yaml")
    assert [d.render() for d in e.value.diagnostics] == [message]


def test_cycles_through_self_members_fixtures_and_factories_end(tmp_path: Path) -> None:
    code = """
    import pytest
    from transformers import AutoConfig


    class A:
        def __init__(self):
            self.a = self.b
            self.b = self.a

        def f(self):
            return self.a.rope_theta


    class B:
        def __init__(self, p):
            self.c = AutoConfig.from_pretrained(p)
            self.d = self.c

        def g(self):
            return self.d.rope_theta


    @pytest.fixture
    def first(second):
        return second


    @pytest.fixture
    def second(first):
        return first


    def test_x(first):
        return first.rope_theta


    def make():
        return make()


    def run():
        a, b = make().parse_args_into_dataclasses()
        return a.rope_theta
    """
    out = migrate(tmp_path, PACK, {"m.py": code}, "m.py")
    assert out.text == dedent(code).replace("self.d.rope_theta", 'self.d.rope_parameters["rope_theta"]')
    assert out.diagnostics == []
