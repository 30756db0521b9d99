"""A rule's own warning on a line says it already: the leftovers pass does not repeat it there."""

from transformers import AutoConfig


def load(path, bridge):
    config = AutoConfig.from_pretrained(path)
    config.rope_theta = 1e6  # the rule's warning (a write under a template), no leftover
    base = config.rope_theta  # rewritten: no leftover
    return base, bridge.rope_theta  # a leftover: not known to be a config
