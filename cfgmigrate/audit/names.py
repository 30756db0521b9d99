"""Near-miss names: normalised similarity plus a table of known synonyms in ML configs."""

from __future__ import annotations

import difflib
import re

SYNONYMS: list[set[str]] = [
    {"torch_dtype", "dtype"},
    {"use_wandb", "wandb_log", "enabled"},
    {"wandb_project", "project"},
    {"wandb_run_name", "run_name"},
    {"dataset_name", "dataset"},
    {"loss_weight", "mtp_loss_weight"},
    {"load_balancing_loss_weight", "aux_loss_weight", "router_aux_loss_coef", "moe_aux_loss_coeff"},
    {"use_flash_attention_2", "attn_implementation"},
    {"evaluation_strategy", "eval_strategy"},
    {"hidden_size", "d_model", "n_embd"},
    {"num_hidden_layers", "n_layers", "n_layer", "num_layers"},
    {"num_attention_heads", "n_heads", "n_head"},
    {"num_key_value_heads", "n_kv_heads", "num_query_groups"},
    {"intermediate_size", "d_ff", "ffn_hidden_size"},
    {"attention_dropout", "attn_dropout"},
    {"attn_implementation", "attn_impl"},
]
TOKEN_ALIASES = {"num": "n", "number": "n", "cfg": "config", "lr": "learning_rate"}


# word boundaries: separators, camelCase humps, and the end of an acronym (``MoETraining`` -> MoE Training)
WORD_BREAK = re.compile(r"[_\W]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def tokens(name: str) -> list[str]:
    """Lower-case words of a snake_case or CamelCase name, common abbreviations spelled one way."""
    parts = [p.lower() for p in WORD_BREAK.split(name) if p]
    return [TOKEN_ALIASES.get(p, p) for p in parts]


def similarity(a: str, b: str) -> tuple[float, str]:
    """(confidence 0..1, evidence) that ``a`` and ``b`` name the same setting."""
    if a == b:
        return 1.0, "same name"
    for group in SYNONYMS:
        if a in group and b in group:
            return 0.95, "known synonyms"
    ta, tb = tokens(a), tokens(b)
    if ta and tb and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return 0.8, f"one name's words contain the other's ({'_'.join(ta)} / {'_'.join(tb)})"
    ratio = difflib.SequenceMatcher(None, "_".join(ta), "_".join(tb)).ratio()
    return round(ratio * 0.75, 2), f"similar spelling ({ratio:.2f})"


def best_match(name: str, candidates: list[str], threshold: float = 0.5) -> tuple[str, float, str] | None:
    """The candidate most likely to name the same setting as ``name``: (candidate, confidence, evidence)."""
    scored = sorted(((similarity(name, c), c) for c in candidates if c != name), key=lambda x: -x[0][0])
    if scored and scored[0][0][0] >= threshold:
        (score, why), match = scored[0]
        return match, score, why
    return None
