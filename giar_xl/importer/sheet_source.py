"""Spreadsheets in older or other formats: .xls, .et (WPS Spreadsheets), .ods.

Two kinds reach a reviewer.  A giar-xl workbook that someone saved in an old
format (「另存为 Excel 97-2003」) is checked like the .xlsx it was: LibreOffice
converts a copy to .xlsx in a temporary folder and the workbook reader reads
it, so every finding points at the same sheet and cell.  Any other spreadsheet
holds a report typed into cells: its sheets are read (python-calamine) as rows
of cells, like the tables of a Word or web report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..model import ReadResult
from ..office import convert
from ..spec import FormatSpec, load_spec
from .files import private_copy
from .lines import Line
from .parse import parse_report

CALC_MISSING = ("读取 {suffix} 工作簿需要 LibreOffice：请安装 LibreOffice（Debian/Ubuntu："
                "apt-get install libreoffice-calc；Windows、macOS：安装 LibreOffice），"
                "或先在 Excel/WPS 中另存为 .xlsx 再校验。")
MAX_CELLS = 2_000_000  # a report's sheets hold a few thousand cells
_AS_SUFFIX = {".et": ".xls"}  # WPS Spreadsheets files are Excel 97 files


def import_sheet_file(path: Path, spec: FormatSpec | None = None) -> ReadResult:
    """A giar-xl workbook in an old format (checked as a workbook), or a report typed into a
    spreadsheet (imported); InputError when the file cannot be read."""
    try:
        import python_calamine
    except ImportError as exc:  # the browser page ships without it
        raise InputError(f"这里不能读取 {path.suffix} 工作簿：请用 giar-xl 命令行，或另存为 .xlsx。",
                         str(path)) from exc
    spec = spec or load_spec()
    path = Path(path)
    with private_copy(path, _AS_SUFFIX) as copy:
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(copy))
            names = list(book.sheet_names)
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise InputError(f"无法打开 {path.suffix} 工作簿：文件已损坏，或不是电子表格。",
                             str(path)) from exc
        if _is_giar_workbook(names, spec):
            return _as_workbook(copy, path, spec)
        lines = _sheet_lines(book, names, path)
    return parse_report(lines, spec, str(path))


def _is_giar_workbook(names: list[str], spec: FormatSpec) -> bool:
    """The sheets of a giar-xl workbook (most of them: one may have been renamed)."""
    expected = {s.name for s in spec.sheets}
    return len(expected & set(names)) >= len(expected) - 1


def _as_workbook(copy: Path, original: Path, spec: FormatSpec) -> ReadResult:
    from ..workbook.reader import read_workbook

    try:
        converted = convert(copy, "xlsx", copy.parent / "out", filter_name="Calc MS Excel 2007 XML",
                            not_installed=CALC_MISSING.format(suffix=original.suffix.lower()))
    except InputError as exc:
        raise InputError(exc.message, str(original)) from exc
    result = read_workbook(converted, spec)
    report = dataclasses.replace(result.report, source=str(original))
    return dataclasses.replace(result, report=report)


def _sheet_lines(book, names: list[str], path: Path) -> list[Line]:
    lines: list[Line] = []
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_height * sheet.total_width > MAX_CELLS:
                raise InputError(f"工作表「{name}」的范围过大（{sheet.total_height} 行 × "
                                 f"{sheet.total_width} 列），不是一份年度报告。", str(path))
            rows = sheet.to_python(skip_empty_area=True)
        except InputError:
            raise
        except Exception as exc:  # calamine raises its own error types for damaged sheets
            raise InputError(f"工作表「{name}」无法读取：文件已损坏。", str(path)) from exc
        for number, row in enumerate(rows, start=1):
            cells = tuple(_text(v) for v in row)
            filled = sum(1 for c in cells if c)
            if filled:
                lines.append(Line(f"工作表「{name}」第 {number} 行", cells,
                                  structured=filled >= 2, positional=filled >= 2))
    return lines


def _text(value) -> str:
    """A cell value as printed: whole numbers without a decimal point."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()
