"""List sheets that print: a title, a grouped header, one row per item, an optional total row.

Used by the county summary (``giar-xl summary``).  A list sheet prints on A4, one page wide,
its header repeated on every page; text is 9 pt and the columns are chosen narrow enough that
the page fits at 100 % (see :func:`printed_width_mm`), so nothing is shrunk below 9 pt.  On
screen the header and the first columns stay put (frozen panes) and the header row has
filters.  Widths are Excel character units (the width of a digit of the workbook's default
11 pt font, about 1.85 mm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .design import HEADER_FILL
from .printing import NARROW_MARGINS, a4
from .styles import TABLE_FONT, solid
from .textcells import put

TEXT_PT, TITLE_PT = 9, 12
LINE_PT = 13.5  # height of one wrapped line of 9 pt text (CJK fonts set it loosely)
MM_PER_UNIT = 7 * 25.4 / 96  # Excel: a character unit is 7 pixels at 96 dpi
A4_MM = (210, 297)
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
ALIGN = {
    "text": Alignment(horizontal="left", vertical="top", wrap_text=True),
    "count": Alignment(horizontal="right", vertical="top"),
    "center": Alignment(horizontal="center", vertical="top", wrap_text=True),
    "header": Alignment(horizontal="center", vertical="center", wrap_text=True),
}
NUMBER_FORMAT = {"count": "#,##0"}
WRAPPED = ("text", "center")


@dataclass(frozen=True)
class ListColumn:
    """One column: its header labels (outer groups first, its own label last) and width."""

    path: tuple[str, ...]
    width: float  # character units
    kind: str = "text"  # text | center | count | amount


@dataclass(frozen=True)
class ListLayout:
    """Where a written list sits on its sheet (1-based rows)."""

    header_top: int
    header_rows: int
    first_row: int
    last_row: int  # the last item (first_row - 1 when the list is empty)
    total_row: int | None


def write_list(ws: Worksheet, title: str, columns: Sequence[ListColumn],
               rows: Sequence[Sequence], *, totals: Sequence | None = None,
               freeze_columns: int = 0, landscape: bool = True) -> ListLayout:
    """Write ``title``, the header, ``rows`` and ``totals`` to ``ws`` and set it up to print."""
    put(ws["A1"], title)
    ws["A1"].font = Font(name=TABLE_FONT, size=TITLE_PT, bold=True)
    ws.row_dimensions[1].height = TITLE_PT * 2
    depth = max(len(c.path) for c in columns)
    top = 2
    _header(ws, columns, top, depth)
    first = top + depth
    for offset, values in enumerate(rows):
        _body_row(ws, first + offset, columns, values, bold=False)
    last = first + len(rows) - 1
    total_row = None
    if totals is not None:
        total_row = last + 1
        _body_row(ws, total_row, columns, totals, bold=True)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    last_col = get_column_letter(len(columns))
    ws.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{first}"
    ws.auto_filter.ref = f"A{first - 1}:{last_col}{max(last, first - 1)}"
    a4(ws, landscape=landscape, title_rows=f"{top}:{first - 1}", margins=NARROW_MARGINS)
    ws.print_area = f"A1:{last_col}{total_row or max(last, first - 1)}"
    return ListLayout(top, depth, first, last, total_row)


def _header(ws: Worksheet, columns: Sequence[ListColumn], top: int, depth: int) -> None:
    """Group labels merged across their columns; a short path's last label merged down."""
    heights = [LINE_PT + 4.0] * depth
    for level in range(depth):
        c = 0
        while c < len(columns):
            path = columns[c].path
            if level >= len(path):
                c += 1
                continue
            own = level == len(path) - 1  # the column's own label: down to the last row
            span = 1
            while (not own and c + span < len(columns)
                   and columns[c + span].path[:level + 1] == path[:level + 1]
                   and len(columns[c + span].path) > level + 1):
                span += 1
            rows = depth - level if own else 1
            _header_cell(ws, top + level, c + 1, path[level], span, rows)
            width = sum(col.width for col in columns[c:c + span])
            needed = lines_of(path[level], width) * LINE_PT + 4
            for r in range(rows):
                heights[level + r] = max(heights[level + r], needed / rows)
            c += span
    for level, height in enumerate(heights):
        ws.row_dimensions[top + level].height = round(height, 1)


def _header_cell(ws: Worksheet, row: int, col: int, text: str, span: int, rows: int) -> None:
    for r in range(row, row + rows):
        for c in range(col, col + span):
            cell = ws.cell(r, c)
            cell.fill, cell.border = solid(HEADER_FILL), _BOX
            cell.font = Font(name=TABLE_FONT, size=TEXT_PT, bold=True)
            cell.alignment = ALIGN["header"]
    put(ws.cell(row, col), text)
    if span > 1 or rows > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1,
                       end_column=col + span - 1)


def _body_row(ws: Worksheet, row: int, columns: Sequence[ListColumn], values: Sequence,
              bold: bool) -> None:
    """One row; its height fits the longest wrapped text (spreadsheet programs do not
    recompute the heights of rows they did not lay out themselves)."""
    lines = 1
    for col, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = put(ws.cell(row, col), value)  # text from reports stays text (「=…」 is no formula)
        cell.font = Font(name=TABLE_FONT, size=TEXT_PT, bold=bold)
        cell.border = _BOX
        cell.alignment = ALIGN["count" if column.kind == "amount" else column.kind]
        if column.kind in NUMBER_FORMAT:
            cell.number_format = NUMBER_FORMAT[column.kind]
        if isinstance(value, str) and column.kind in WRAPPED:
            lines = max(lines, lines_of(value, column.width))
    ws.row_dimensions[row].height = lines * LINE_PT + 3


def lines_of(text: str, width: float) -> int:
    """Lines ``text`` wraps to at 9 pt in a column ``width`` units wide."""
    usable = max(width - 0.8, 1.0)
    units = sum(1.75 if ord(ch) > 0x2E7F else 0.9 for ch in str(text))
    return max(1, math.ceil(units / usable))


def printed_width_mm(columns: Sequence[ListColumn]) -> float:
    """Width of the columns on paper at 100 %."""
    return sum(c.width for c in columns) * MM_PER_UNIT


def printable_width_mm(landscape: bool = True) -> float:
    """Paper width inside the left and right margins."""
    paper = A4_MM[1] if landscape else A4_MM[0]
    return paper - (NARROW_MARGINS["left"] + NARROW_MARGINS["right"]) * 25.4
