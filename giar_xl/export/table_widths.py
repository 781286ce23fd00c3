"""How wide each column of an exported table is, and about how tall the table prints.

Columns start in proportion to the workbook's column widths (the format's ``widths``).  A
column must not be narrower than its own header needs: a label breaks at most once and
never leaves one character alone (「自然人」 on one line, 「社会公益组织」 as 社会公 / 益组织),
and figures stay on one line.  When the proportional widths cannot give every figure column
that much, the table is *crowded* (table 三: seven requester columns beside long row
labels): figure columns then get just what they need, outer row-label columns keep room for
their ordinals (「（三）」 must not break), and the innermost row-label column takes the rest.

Widths are millimetres; text widths are measured in ems (a Chinese character is one em, a
digit or Latin letter about half).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .document import Grid

MM_PER_PT = 25.4 / 72
CELL_PADDING_MM = 2 + 0.8  # both 1 mm cell margins, and slack for fonts' side bearings
LINE_FACTOR = 1.3  # single line spacing of the table fonts, in font sizes
ROW_EXTRA_MM = 1.8  # a row's height beyond its lines (measured in LibreOffice)
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


def ems(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def header_ems(text: str) -> float:
    """Ems per line a header label needs: one line up to three characters, else two lines."""
    width = ems(text)
    return width if width <= 3 else math.ceil(width / 2)


def minimum_widths(grids: Sequence[Grid], n_cols: int, font_pt: float) -> list[float]:
    """Per column (mm): its own header label, its figures, or its row labels' ordinals."""
    em_mm = font_pt * MM_PER_PT
    need = [0.0] * n_cols
    for grid in grids:
        for cell in grid.cells:
            if cell.colspan != 1 or not cell.text:
                continue
            if cell.kind == "column":
                width = header_ems(cell.text)
            elif cell.kind == "value":
                width = ems(cell.text)
            elif cell.kind == "row" and (ordinal := _ORDINAL.match(cell.text)):
                width = ems(ordinal.group(0))
            else:
                continue
            need[cell.col] = max(need[cell.col], width * em_mm + CELL_PADDING_MM)
    return need


def column_widths(grids: Sequence[Grid], weights: Sequence[float], font_pt: float,
                  total_mm: float) -> list[float]:
    """Column widths (mm) that fill ``total_mm`` (see the module doc for the rules)."""
    n_cols = len(weights)
    minimum = minimum_widths(grids, n_cols, font_pt)
    labels = max((g.label_columns for g in grids), default=0)
    share = [total_mm * w / sum(weights) for w in weights]
    figures = range(labels, n_cols)
    if labels and any(share[c] < minimum[c] for c in figures):  # crowded
        narrowest = 2 * font_pt * MM_PER_PT + CELL_PADDING_MM  # two characters a line
        widths = [max(m, narrowest) if c < labels else m for c, m in enumerate(minimum)]
        widths[labels - 1] = 0.0
        widths[labels - 1] = max(total_mm - sum(widths), minimum[labels - 1])
        return _fit(widths, total_mm)
    return _fit(_raised(share, minimum, total_mm), total_mm)


def _raised(share: list[float], minimum: list[float], total_mm: float) -> list[float]:
    """Proportional widths, each raised to its minimum at the expense of the others."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(share)) if i not in fixed]
        room = total_mm - sum(fixed.values())
        weight = sum(share[i] for i in free)
        widths = {i: room * share[i] / weight for i in free} if weight else {}
        short = {i: minimum[i] for i in free if widths[i] < minimum[i]}
        if not short or len(short) == len(free):
            break
        fixed.update(short)
    widths.update(fixed)
    return [widths[i] for i in range(len(share))]


def _fit(widths: list[float], total_mm: float) -> list[float]:
    """Scale to exactly ``total_mm`` (only shrinks when even the minimums do not fit)."""
    return [w * total_mm / sum(widths) for w in widths]


def lines(text: str, width_mm: float, font_pt: float) -> int:
    """Lines ``text`` takes in a cell ``width_mm`` wide (characters do not split)."""
    room = (width_mm - CELL_PADDING_MM) / (font_pt * MM_PER_PT) + 0.01  # rounding slack
    per_line = max(math.floor(room * 2) / 2, 1)
    return max(1, math.ceil(ems(text) / per_line))


def row_height_mm(n_lines: int, font_pt: float, minimum_mm: float) -> float:
    return max(minimum_mm, n_lines * font_pt * MM_PER_PT * LINE_FACTOR + ROW_EXTRA_MM)
