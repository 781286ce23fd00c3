"""The live workbook as a :class:`~giar_xl.workbook.reader.CellSource`.

The add-in checks the workbook open in Excel with exactly the reader and
rules the command line uses on files.  Each sheet is read once, as one range
(the used range, anchored at A1); the grid is kept so the buttons can look at
the 校验结果 sheet again without a second read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ..cells import absolute, cell_name, quote_sheet
from ..model import ErrorValue
from ..workbook.ooxml import Cells, serial_date
from ..workbook.reader import parse_name_target

if TYPE_CHECKING:
    import xlwings as xw

Grid = list[list[Any]]

# Error values as xlwings hands them over with ``err_to_str=True``.
ERROR_TEXTS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#FIELD!", "#CALC!", "#DATA!",
})
# Through COM, newer error values (#SPILL! …) arrive as raw CVErr integers that
# xlwings does not translate: 0x800A0000 + the xlErr code, as a signed int32.
_XL_ERR_CODES = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!",
                 2029: "#NAME?", 2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA",
                 2045: "#SPILL!", 2046: "#CONNECT!", 2047: "#BLOCKED!", 2048: "#UNKNOWN!",
                 2049: "#FIELD!", 2050: "#CALC!"}
COM_ERROR_INTS = {0x800A0000 + code - 2**32: text for code, text in _XL_ERR_CODES.items()}


class BookCellSource:
    """Cells of an open :class:`xlwings.Book` (COM or remote), read once per sheet."""

    def __init__(self, book: xw.Book, date1904: bool = False):
        self.book = book
        self.path = book.fullname
        self.sheet_names: list[str] = [sheet.name for sheet in book.sheets]
        self.defined_names: dict[str, str] = defined_names(book)
        self.date1904 = date1904
        self._grids: dict[str, Grid] = {}
        self._cells: dict[str, Cells] = {}

    def grid(self, sheet_name: str) -> Grid:
        """The sheet's values from A1 to its last used cell (rows of equal length)."""
        if sheet_name not in self._grids:
            self._grids[sheet_name] = read_grid(self.book.sheets[sheet_name])
        return self._grids[sheet_name]

    def cells(self, sheet_name: str, wanted: Collection[str] | None = None) -> Cells:
        """Every non-empty cell of the sheet (``wanted`` is not needed: the read is whole)."""
        if sheet_name not in self._cells:
            found = {}
            for r, row in enumerate(self.grid(sheet_name), start=1):
                for c, value in enumerate(row, start=1):
                    value = cell_value(value)
                    if value is not None:
                        found[cell_name(r, c)] = value
            self._cells[sheet_name] = found
        return self._cells[sheet_name]

    def excel_date(self, serial: float) -> dt.date:
        return serial_date(serial, self.date1904)


def read_grid(sheet: xw.Sheet) -> Grid:
    """One read of the used range, re-anchored at A1 (COM's used range may start later)."""
    used = sheet.used_range
    rows = used.options(ndim=2, err_to_str=True).value or [[]]
    top, left = used.row, used.column
    width = left - 1 + max((len(row) for row in rows), default=0)
    grid: Grid = [[None] * width for _ in range(top - 1)]
    for row in rows:
        grid.append([None] * (left - 1) + list(row) + [None] * (width - (left - 1) - len(row)))
    return grid


def cell_value(value: Any) -> Any:
    """A value as the reader expects it: errors as :class:`ErrorValue`, blanks as None."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in ERROR_TEXTS:
        return ErrorValue(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in COM_ERROR_INTS:
        return ErrorValue(COM_ERROR_INTS[value])
    return value


def defined_names(book: xw.Book) -> dict[str, str]:
    """Workbook-scoped names and their targets, written as the builder writes them.

    Excel reports ``='三、依申请公开'!$D$7`` (quoting sheet names as it sees fit);
    a target that is a single cell is rewritten to the builder's form
    ``'三、依申请公开'!$D$7`` so an untouched name is recognised as such.
    """
    names: dict[str, str] = {}
    for name in book.names:
        key = name.name
        if "!" in key:  # sheet-scoped, like Print_Area: not ours
            continue
        text = (name.refers_to or "").strip()
        text = text.removeprefix("=")
        target = parse_name_target(text)
        names[key] = f"{quote_sheet(target[0])}!{absolute(target[1])}" if target else text
    return names
