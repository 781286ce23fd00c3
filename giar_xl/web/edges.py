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

from pathlib import Path

from .. import check
from ..model import ErrorValue, ReadResult
from ..spec import FormatSpec
from ..workbook.ooxml import XlsxPackage, open_package
from ..workbook.reader import read_cells

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Pyodide's in-memory file system: files dropped on the page, files made for download.
UPLOADS = Path("/tmp/giar-xl/uploads")
OUTPUTS = Path("/tmp/giar-xl/outputs")


class OpenpyxlPackage(XlsxPackage):
    """An .xlsx package whose cell values openpyxl reads (cached formula results)."""

    _values = None

    def sheet_rows(self, name: str) -> list[list]:
        if self._values is None:
            import openpyxl

            self._values = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        sheet = self._values[name]
        sheet.reset_dimensions()  # a stale <dimension> must not cut cells off
        return [[_value(cell) for cell in row] for row in sheet.iter_rows()]

    def close(self) -> None:
        if self._values is not None:
            self._values.close()
        super().close()


def _value(cell):
    """A value as python-calamine gives it: ``""`` for empty, error cells as :class:`ErrorValue`."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "e":
        return ErrorValue(str(value))
    return value


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
