"""Order-preserving alignment of printed rows to the format's rows."""

from __future__ import annotations


def align(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """Pairs (row, target), both increasing, maximising the total weight.

    ``weights[i][j]`` is the gain of pairing printed row ``i`` with format row
    ``j``, or None when they cannot be paired.  Unpaired rows cost nothing, so a
    missing or extra row never pulls its neighbours out of place.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, here = weights[i - 1], best[i - 1], best[i]
        for j in range(1, m + 1):
            value = max(above[j], here[j - 1])
            w = row[j - 1]
            if w is not None and above[j - 1] + w > value:
                value = above[j - 1] + w
            here[j] = value
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        w = weights[i - 1][j - 1]
        if w is not None and best[i][j] == best[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs
