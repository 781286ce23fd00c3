"""Where the browser runtime differs from the command line: the few edges, nothing else.

The page and the WPS add-in run giar-xl's own code in Pyodide.  Two of its
dependencies have no WebAssembly build that can ship in the page's folder:

* python-calamine, which reads workbook values: here the values come from
  openpyxl (pure Python) through :meth:`XlsxPackage.sheet_rows`, the one
  method of the workbook package that asks calamine.  Sheets, defined names,
  size limits and error cells are still read by :mod:`giar_xl.workbook.ooxml`.
* lxml, which the Word and HTML importers parse with: they fall back to the
  standard library and html5lib by themselves (:mod:`giar_xl.importer.trees`).

Reading, rules, marks, annotation and export are the command line's code.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import check
from ..model import ErrorValue, ReadResult
from ..spec import FormatSpec
from ..workbook.ooxml import XlsxPackage, open_package
from ..workbook.reader import read_cells

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Pyodide's in-memory file system: files dropped on the page, files made for download
# (scratch files of this page alone, so each new one may replace the last).
UPLOADS = Path("/tmp/giar-xl/uploads")
OUTPUTS = Path("/tmp/giar-xl/outputs")


class OpenpyxlPackage(XlsxPackage):
    """An .xlsx package whose cell values openpyxl reads (cached formula results)."""

    _values = None

    def sheet_rows(self, name: str) -> list[list]:
        """The sheet's values as rows from A1 (``""`` empty, errors as :class:`ErrorValue`).

        Cells are streamed through openpyxl's sheet parser (what its read-only
        worksheets use), not its worksheet class, for two reasons: a stale
        ``<dimension>`` must not cut cells off, and a number cell holding text
        (``<c><f>#REF!+1</f><v>#REF!</v></c>``, as some programs save a broken
        formula) is text to calamine, where openpyxl's worksheet gives up.
        """
        if self._values is None:
            import openpyxl

            self._values = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        book, sheet = self._values, self._values[name]
        rows: list[list] = []
        with sheet._get_source() as source:
            parser = _parser_class()(source, sheet._shared_strings, data_only=True,
                                     epoch=book.epoch, date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for _index, cells in parser.parse():
                for cell in cells:
                    while len(rows) < cell["row"]:
                        rows.append([])
                    row = rows[cell["row"] - 1]
                    if len(row) < cell["column"]:
                        row.extend([""] * (cell["column"] - len(row)))
                    row[cell["column"] - 1] = _value(cell["value"], cell["data_type"])
        return rows

    def close(self) -> None:
        if self._values is not None:
            self._values.close()
        super().close()


def _value(value, data_type: str):
    """A value as python-calamine gives it: ``""`` for empty, error cells as
    :class:`ErrorValue`, OOXML's escapes in text undone (``_x000D_`` is a CR)."""
    if value is None:
        return ""
    if data_type == "e":
        return ErrorValue(str(value))
    if isinstance(value, str) and "_x" in value:
        from openpyxl.utils.escape import unescape

        return unescape(value)
    return value


@functools.cache
def _parser_class():
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

    class TolerantParser(WorkSheetParser):
        """openpyxl's sheet parser, but a number cell whose value is no number is text."""

        def parse_cell(self, element):
            try:
                return super().parse_cell(element)
            except ValueError:
                row, column = coordinate_to_tuple(element.get("r"))
                return {"row": row, "column": column, "value": element.findtext(VALUE_TAG),
                        "data_type": "s", "style_id": 0}

    return TolerantParser


def read_workbook(path: str | Path, spec: FormatSpec | None = None) -> ReadResult:
    """:func:`giar_xl.workbook.reader.read_workbook`, with openpyxl reading the values."""
    with open_package(path, OpenpyxlPackage) as pkg:
        return read_cells(pkg, spec)


def install() -> None:
    """Make ``giar_xl.check`` read workbooks through :func:`read_workbook` in this process,
    and make the working folders."""
    for suffix in WORKBOOK_SUFFIXES:
        check.LOADERS[suffix] = read_workbook
    for folder in (UPLOADS, OUTPUTS):
        folder.mkdir(parents=True, exist_ok=True)
