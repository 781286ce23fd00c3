"""Cells to rectangles: one write per rectangle instead of one per cell.

Every write is a COM round trip in Excel and an action a remote client must
replay, so neighbouring cells that get the same fill are coloured together.
"""

from __future__ import annotations

from collections.abc import Iterable

Rect = tuple[int, int, int, int]  # top, left, bottom, right: 1-based, inclusive


def rectangles(cells: Iterable[tuple[int, int]]) -> list[Rect]:
    """Cover the (row, column) cells exactly with few rectangles.

    Horizontal runs are found per row, then runs with the same columns in
    consecutive rows are stacked.  Not minimal in general, but a column of
    totals or a row of a table becomes one rectangle.
    """
    by_row: dict[int, list[int]] = {}
    for row, col in set(cells):
        by_row.setdefault(row, []).append(col)
    finished: list[Rect] = []
    growing: dict[tuple[int, int], list[int]] = {}  # (left, right) -> [top, bottom]
    for row in sorted(by_row):
        for left, right in _runs(sorted(by_row[row])):
            rect = growing.get((left, right))
            if rect is not None and rect[1] == row - 1:
                rect[1] = row
                continue
            if rect is not None:
                finished.append((rect[0], left, rect[1], right))
            growing[(left, right)] = [row, row]
    finished += [(top, left, bottom, right) for (left, right), (top, bottom) in growing.items()]
    return sorted(finished)


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = previous = columns[0]
    for col in columns[1:]:
        if col != previous + 1:
            runs.append((start, previous))
            start = col
        previous = col
    runs.append((start, previous))
    return runs
