"""Near-miss names: the pairs seed audit 001 names, and names that must not match."""

from __future__ import annotations

import pytest

from cfgmigrate.audit.names import best_match, similarity, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [("dataset_name", "dataset"), ("torch_dtype", "dtype"), ("use_wandb", "enabled"), ("wandb_log", "enabled"),
     ("loss_weight", "mtp_loss_weight"), ("load_balancing_loss_weight", "aux_loss_weight")],
)  # fmt: skip
def test_seed_001_pairs_are_confident_near_misses(a: str, b: str) -> None:
    assert similarity(a, b)[0] >= 0.75
    assert similarity(b, a)[0] >= 0.75


def test_evidence_says_why() -> None:
    assert similarity("torch_dtype", "dtype") == (0.95, "known synonyms")
    assert similarity("num_warmup_steps", "warmup_steps") == (
        0.8,
        "one name's words contain the other's (n_warmup_steps / warmup_steps)",
    )
    assert similarity("eval_intervall", "eval_interval") == (0.72, "similar spelling (0.96)")


@pytest.mark.parametrize(("a", "b"), [("batch_size", "max_iters"), ("seed", "save_dir"), ("weight_decay", "warmup_ratio")])
def test_unrelated_names_do_not_match(a: str, b: str) -> None:
    assert best_match(a, [b]) is None


def test_tokens_split_snake_camel_and_acronyms() -> None:
    assert tokens("MoETrainingConfig") == ["mo", "e", "training", "config"]
    assert tokens("LRScheduleConfig") == ["learning_rate", "schedule", "config"]
    assert tokens("num_key_value_heads") == ["n", "key", "value", "heads"]
