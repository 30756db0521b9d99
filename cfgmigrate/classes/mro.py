"""C3 linearization, the order Python gives a class's bases (``__mro__`` without the class)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def linearize(base_orders: list[list[T]]) -> tuple[list[T], bool]:
    """(the bases' merged order, whether it was inconsistent). Each entry of ``base_orders`` is one
    direct base's own linearization, itself first. Where C3 fails (Python would raise
    ``TypeError``), the depth-first order is given and flagged."""
    heads = [b[0] for b in base_orders]
    sequences = [list(s) for s in base_orders if s] + ([heads] if heads else [])
    out: list[T] = []
    while any(sequences):
        sequences = [s for s in sequences if s]
        head = next((s[0] for s in sequences if not any(_within(s[0], t[1:]) for t in sequences)), None)
        if head is None:
            return _depth_first(base_orders), True
        out.append(head)
        sequences = [s[1:] if s[0] is head else s for s in sequences]
    return out, False


def _depth_first(base_orders: list[list[T]]) -> list[T]:
    out: list[T] = []
    for order in base_orders:
        out += [c for c in order if not _within(c, out)]
    return out


def _within(item: T, items: list[T]) -> bool:
    return any(item is other for other in items)
