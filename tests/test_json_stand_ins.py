"""JSON that YAML's reader refuses: raw DEL and C1 controls (valid JSON, as in tokenizer files) are
stood in for while composing, and every byte comes back (engines/stand_ins.py)."""

from __future__ import annotations

import json

from cfgmigrate.engines.json_engine import ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.ops import Map
from cfgmigrate.rules import Rename

RENAME_LR = Rename(id="lr", path=KeyPath.parse("**.lr"), target=KeyPath.parse("learning_rate"))


def test_a_rename_in_json_holding_del_and_c1_controls_keeps_them() -> None:
    text = '{"vocab": {"a\x7f": 1, "\x85\x9f": 2}, "lr": "x\x80"}\n'
    result = ENGINE.migrate("tokenizer.json", text, (RENAME_LR,))
    assert not result.diagnostics
    assert result.new_text == '{"vocab": {"a\x7f": 1, "\x85\x9f": 2}, "learning_rate": "x\x80"}\n'
    assert [e.replacement for c in result.changes for e in c.edits] == ['"learning_rate"']


def test_a_text_that_already_holds_private_use_characters_gets_other_stand_ins() -> None:
    text = '{"\ue000\ue001": "\x7f", "lr": 1}\n'
    result = ENGINE.migrate("t.json", text, (RENAME_LR,))
    assert json.loads(result.new_text) == {"\ue000\ue001": "\x7f", "learning_rate": 1}


def test_a_value_rewritten_from_one_holding_del_gets_the_real_character_back() -> None:
    rule = Map(id="m", path=KeyPath.parse("mode"), target=KeyPath.parse("mode"), values=(("a\x7f", "b"),))
    result = ENGINE.migrate("m.json", '{"mode": "a\x7f", "keep": "\x7f"}\n', (rule,))
    assert (result.new_text, result.diagnostics) == ('{"mode": "b", "keep": "\x7f"}\n', ())
