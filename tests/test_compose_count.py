"""How often the YAML engine composes a file (issue 17): counted through a hook on the C composer,
never timed. The file as read is composed once and shared by the first rule and the equivalence
check; each text a rule leaves is composed once more (for the next rule, or for the check, unless
only simple plain scalars changed: then the check reads the new data from the old nodes), and a text
the check composed is the next pack's input without another compose."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfgmigrate.cli import main
from cfgmigrate.engines import fastcompose, textdoc
from cfgmigrate.engines.yaml_engine import ENGINE
from cfgmigrate.keypath import KeyPath
from cfgmigrate.rules import Coerce, Remove, Rename, Rule

CONFIG = """\
# training run
model:
  name: llama
  torch_dtype: bf16
train:
  lr: "0.001"  # learning rate
  warmup_ratio: 0.1
  output_dir: ${model.name}/out
"""
RENAME = Rename(id="dtype", path=KeyPath.parse("**.torch_dtype"), target=KeyPath.parse("dtype"))
COERCE = Coerce(id="lr", path=KeyPath.parse("train.lr"), coerce_to="float")
REMOVE = Remove(id="warmup", path=KeyPath.parse("train.warmup_ratio"))
UNMATCHED = Rename(id="none", path=KeyPath.parse("**.name_or_path"), target=KeyPath.parse("name"))


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every text the C composer is asked for, counted (the hook the engine composes through)."""
    seen: Counter[str] = Counter()
    real = fastcompose.compose_all

    def counting(text: str) -> list[object]:
        seen[text] += 1
        return real(text)  # type: ignore[return-value]

    monkeypatch.setattr(fastcompose, "compose_all", counting)
    monkeypatch.setattr(textdoc, "_LAST", [None, []])  # nothing remembered from other tests
    return seen


def migrate(rules: tuple[Rule, ...], text: str = CONFIG) -> str:
    result = ENGINE.migrate("cfg.yaml", text, rules)
    assert not result.diagnostics
    return result.new_text


def test_a_file_no_rule_changes_is_composed_once(composed: Counter[str]) -> None:
    # the prefilter lets all three through ("name" is in the text), none of them changes anything
    rules = (UNMATCHED, Rename(id="n2", path=KeyPath.parse("**.names"), target=KeyPath.parse("x")), UNMATCHED)
    assert migrate(rules) == CONFIG
    assert composed == Counter({CONFIG: 1})


def test_a_renamed_key_is_checked_without_composing_the_result(composed: Counter[str]) -> None:
    new = migrate((RENAME,))
    assert new == CONFIG.replace("torch_dtype:", "dtype:")
    assert composed == Counter({CONFIG: 1})  # the check read the new data from the old nodes (scalar_proof)


def test_a_changed_structure_composes_the_result_once_for_the_check(composed: Counter[str]) -> None:
    new = migrate((REMOVE,))
    assert new == CONFIG.replace("  warmup_ratio: 0.1\n", "")
    assert composed == Counter({CONFIG: 1, new: 1})


def test_each_text_a_rule_leaves_is_composed_once_however_many_rules_fire(composed: Counter[str]) -> None:
    new = migrate((RENAME, UNMATCHED, COERCE, UNMATCHED, REMOVE, UNMATCHED))
    assert new == CONFIG.replace("torch_dtype:", "dtype:").replace('"0.001"', "0.001").replace("  warmup_ratio: 0.1\n", "")
    assert set(composed.values()) == {1}  # no text twice: unmatched rules and the check reuse the nodes
    assert len(composed) == 1 + 3  # the file as read, then one per changing rule (the last one's for the check)
    assert new in composed


def test_the_next_pack_reuses_the_text_the_check_composed(tmp_path: Path, composed: Counter[str]) -> None:
    (tmp_path / "cfg.yaml").write_text(CONFIG)
    (tmp_path / "p1.yaml").write_text(
        "name: p1\nfiles: ['cfg.yaml']\nrules:\n  - id: dtype\n    rename: '**.torch_dtype'\n    to: dtype\n"
    )
    (tmp_path / "p2.yaml").write_text(
        "name: p2\nfiles: ['cfg.yaml']\nrules:\n  - id: out\n    rename: '**.output_dir'\n    to: save_dir\n"
    )
    args = ["apply", "--no-cache", "-j", "1", "--root", str(tmp_path), "-r", "p1.yaml", "-r", "p2.yaml", "cfg.yaml"]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    after_p1 = CONFIG.replace("torch_dtype:", "dtype:")
    after_p2 = after_p1.replace("output_dir:", "save_dir:")
    assert (tmp_path / "cfg.yaml").read_text() == after_p2
    # cfg.yaml as read, pack 1's result as pack 2's input; both checks read renamed keys without a compose
    files = {t: n for t, n in composed.items() if t in (CONFIG, after_p1, after_p2)}
    assert files == {CONFIG: 1, after_p1: 1}


def test_the_next_pack_reuses_the_text_a_check_composed(composed: Counter[str]) -> None:
    first = migrate((REMOVE,))
    second = migrate((RENAME,), first)
    assert second == first.replace("torch_dtype:", "dtype:")
    assert composed == Counter({CONFIG: 1, first: 1})  # the second run's input is the first check's text
