"""Pairing the items of two revisions for the comparison (:mod:`domain.compare`): by each key in
turn, goals by the goal they were copied from, and which matched items moved (the longest common
subsequence of the two orders). Pure: no storage, no Qt, no words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from enhetsdialog.domain.model import Goal

T = TypeVar("T")


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def ordered(items: Sequence[T]) -> list[T]:
    return sorted(items, key=lambda x: (getattr(x, "position", 0), getattr(x, "id", "")))


def match(
    a: Sequence[T], b: Sequence[T], keys: Sequence[Callable[[T], Any]]
) -> tuple[list[tuple[T, T, int]], list[T], list[T]]:
    """Pair items of ``a`` and ``b`` by each key in turn (a key returning None never matches).

    Returns (pairs with the index of the key that matched, unmatched of a, unmatched of b)."""
    left, right = list(a), list(b)
    pairs: list[tuple[T, T, int]] = []
    for n, key in enumerate(keys):
        index: dict[Any, list[T]] = {}
        for item in right:
            k = key(item)
            if k is not None:
                index.setdefault(k, []).append(item)
        rest: list[T] = []
        for item in left:
            k = key(item)
            bucket = index.get(k) if k is not None else None
            if bucket:
                other = bucket.pop(0)
                pairs.append((item, other, n))
                right.remove(other)
            else:
                rest.append(item)
        left = rest
    return pairs, left, right


def lcs_ids(a: list[str], b: list[str]) -> set[str]:
    """Ids on the longest common subsequence of two orderings: the ones that did not move."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    out: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.add(a[i])
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def moved_indexes(pairs: Sequence[tuple[Any, Any]], a_order: Sequence[Any], b_order: Sequence[Any]) -> set[int]:
    """Indexes into ``pairs`` of items whose order relative to the other matched items changed."""
    key_of_a = {id(pa): str(i) for i, (pa, _) in enumerate(pairs)}
    key_of_b = {id(pb): str(i) for i, (_, pb) in enumerate(pairs)}
    seq_a = [key_of_a[id(x)] for x in a_order if id(x) in key_of_a]
    seq_b = [key_of_b[id(x)] for x in b_order if id(x) in key_of_b]
    stay = lcs_ids(seq_a, seq_b)
    return {i for i in range(len(pairs)) if str(i) not in stay}


def match_origin(gone: list[Goal], new: list[Goal]) -> tuple[list[tuple[Goal, Goal]], list[Goal], list[Goal]]:
    """Goals copied forward: b's origin is a's id, a's origin is b's id, or both share an origin."""
    pairs: list[tuple[Goal, Goal]] = []
    by_a = {g.id: g for g in gone}
    rest_new: list[Goal] = []
    for g in new:
        if g.origin_id is not None and g.origin_id in by_a:
            pairs.append((by_a.pop(g.origin_id), g))
        else:
            rest_new.append(g)
    by_b = {g.id: g for g in rest_new}
    rest_gone: list[Goal] = []
    for g in by_a.values():
        if g.origin_id is not None and g.origin_id in by_b:
            pairs.append((g, by_b.pop(g.origin_id)))
        else:
            rest_gone.append(g)
    shared, rest_gone, rest_new = match(rest_gone, list(by_b.values()), [lambda g: g.origin_id])
    pairs += [(x, y) for x, y, _ in shared]
    return pairs, rest_gone, rest_new


def position_key(*lists: Sequence[Any]) -> Callable[[Any], Any]:
    """A key giving each item its index in whichever of ``lists`` holds it."""
    index: dict[int, int] = {}
    for items in lists:
        for i, x in enumerate(ordered(items)):
            index[id(x)] = i
    return lambda x: index.get(id(x))
