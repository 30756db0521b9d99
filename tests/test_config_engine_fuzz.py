"""Bounded fuzzing of the YAML/JSON engines with hostile texts (tests/fuzz_config.py): the engine
never raises, never refuses its own edits as overlapping, and what it writes re-reads as the
reference transformation. The longer run: ``python tests/fuzz_config.py 20000``."""

from __future__ import annotations

import random

from fuzz_config import check_one, one_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfgmigrate.engines.yaml_engine import ENGINE


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_hostile_configs_never_crash_and_what_is_written_is_the_reference(rnd: random.Random) -> None:
    text, rules, dialect = one_case(rnd)
    check_one(text, rules, dialect)
    messages = [d.message for d in ENGINE.migrate("f.yaml", text, rules).diagnostics] if dialect == "yaml" else []
    assert not any("overlap" in m or "internal error" in m for m in messages), messages
