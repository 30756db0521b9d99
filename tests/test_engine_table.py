"""Every engine answers every operation: it supports it or says why it has nothing to do."""

from __future__ import annotations

import pytest

from cfgmigrate.engines import ENGINE_TABLE, all_engines, engine_for
from cfgmigrate.engines.config_ops import OPERATIONS as CONFIG_OPERATIONS
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Op, Rule


def test_the_table_covers_config_files_and_python() -> None:
    assert sorted(ENGINE_TABLE) == [".json", ".py", ".yaml", ".yml"]
    assert engine_for("a/b.yml").name == "yaml"
    assert engine_for("config.json").name == "json"
    assert engine_for("x.py").name == "python"


def test_config_engines_have_a_handler_for_every_operation() -> None:
    assert set(CONFIG_OPERATIONS) == set(Op)


@pytest.mark.parametrize("op", list(Op))
def test_every_engine_answers_every_operation(op: Op) -> None:
    rule = Rule(
        "r",
        op,
        KeyPath.parse("data.x"),
        target=KeyPath.parse("data.y"),
        coerce_to="int",
        value=1,
        has_value=True,
        values=((1, 2),),
    )
    call_rule = Rule(
        "c",
        op,
        KeyPath.parse("x"),
        target=KeyPath.parse("y"),
        coerce_to="int",
        value=1,
        has_value=True,
        values=((1, 2),),
        calls=("*.f",),
    )
    answers = {engine.name: (engine.wants(rule), engine.wants(call_rule)) for engine in all_engines()}
    config_wants = op in (Op.RENAME, Op.MOVE, Op.COERCE, Op.REMOVE, Op.MAP)  # add only with configs: true
    assert answers["yaml"] == answers["json"] == (config_wants, False)
    assert answers["python"] == (True, True)
