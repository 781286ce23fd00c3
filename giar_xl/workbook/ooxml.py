"""Read-only access to an .xlsx package: sheets, defined names, cell values.

Cell values come from python-calamine (fast, robust with shared strings,
rich text and dates).  Two things calamine cannot give are read from the
package directly: the workbook's defined names, and error values — calamine
reads ``#REF!`` as an empty string (python-calamine issue #105), so each
sheet's XML is scanned for error cells (``t="e"``) and those are restored.

Every way a file can be unusable ends in :class:`~giar_xl.errors.InputError`
with a message a clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from ..cells import cell_name, parse_cell
from ..errors import InputError
from ..model import ErrorValue

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_TAG = r"<(?:\w+:)?{}\b([^>]*?)"
_SHEET = re.compile((_TAG + r"/?>").format("sheet").encode())
_DEFINED_NAME = re.compile((_TAG + r">([^<]*)<").format("definedName").encode())
_WORKBOOK_PR = re.compile((_TAG + r"/?>").format("workbookPr").encode())
_RELATIONSHIP = re.compile((_TAG + r"/?>").format("Relationship").encode())
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_NAME_ATTR = re.compile(rb'\bname\s*=\s*"([^"]*)"')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

Cells = dict[str, "RawCell"]


@dataclass(frozen=True)
class RawCell:
    value: float | str | bool | ErrorValue | dt.date | dt.datetime | None


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: _text(v) for k, v in _ATTR.findall(raw)}


class XlsxPackage:
    """An opened .xlsx file.  Use :func:`open_package`."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self._zip = archive
        self._cells: dict[str, Cells] = {}
        self._book: python_calamine.CalamineWorkbook | None = None
        workbook = self._read("xl/workbook.xml")
        pr = _WORKBOOK_PR.search(workbook)
        self.date1904 = bool(pr) and _attrs(pr.group(1)).get("date1904") in ("1", "true")
        targets = self._relationships()
        self.sheet_names: list[str] = []
        self._sheet_parts: dict[str, str] = {}
        for match in _SHEET.finditer(workbook):
            attrs = _attrs(match.group(1))
            name = attrs.get("name", "")
            self.sheet_names.append(name)
            if attrs.get("id") in targets:
                self._sheet_parts[name] = targets[attrs["id"]]
        self.defined_names: dict[str, str] = {}
        for match in _DEFINED_NAME.finditer(workbook):
            attrs, text = match.groups()
            name = _NAME_ATTR.search(attrs)
            if name and b"localSheetId" not in attrs:
                self.defined_names[_text(name.group(1))] = _text(text).strip()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> XlsxPackage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- parts ----------------------------------------------------------------
    def _read(self, part: str) -> bytes:
        try:
            return self._zip.read(part)
        except KeyError:
            raise InputError(f"文件不完整：缺少 {part}。请在 Excel 中打开后重新保存。",
                             str(self.path)) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise InputError(f"文件已损坏，无法解压（{type(exc).__name__}）。", str(self.path)) from exc

    def _relationships(self) -> dict[str, str]:
        part = "xl/_rels/workbook.xml.rels"
        if part not in self._zip.NameToInfo:
            return {}
        result = {}
        for match in _RELATIONSHIP.finditer(self._read(part)):
            attrs = _attrs(match.group(1))
            target = attrs.get("Target", "")
            result[attrs.get("Id", "")] = target.lstrip("/") if target.startswith("/") \
                else "xl/" + target
        return result

    def _calamine(self) -> python_calamine.CalamineWorkbook:
        if self._book is None:
            try:
                self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
            except Exception as exc:  # calamine raises its own error types for bad parts
                raise InputError(f"文件内容已损坏，无法读取（{exc}）。", str(self.path)) from exc
        return self._book

    # -- cells ----------------------------------------------------------------
    def cells(self, sheet_name: str, wanted: Collection[str] | None = None) -> Cells:
        """Non-empty cells of a sheet as {"D7": RawCell}, read once per sheet.

        ``wanted`` (A1 references) limits which cells are kept; it only
        applies to the first call for a sheet.
        """
        if sheet_name not in self._cells:
            if sheet_name not in self._sheet_parts:
                raise KeyError(sheet_name)
            self._cells[sheet_name] = self._read_sheet(sheet_name, wanted)
        return self._cells[sheet_name]

    def _read_sheet(self, name: str, wanted: Collection[str] | None) -> Cells:
        try:
            rows = self._calamine().get_sheet_by_name(name).to_python(skip_empty_area=False)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"工作表「{name}」已损坏，无法读取（{exc}）。", str(self.path)) from exc
        result: Cells = {}
        if wanted is None:
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value != "" and value is not None:
                        result[cell_name(r, c)] = RawCell(_unescape(value))
            return result
        some_empty = False
        for ref in wanted:
            r, c = parse_cell(ref)
            value = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else ""
            if value != "" and value is not None:
                result[ref] = RawCell(_unescape(value))
            else:
                some_empty = True
        if some_empty:  # calamine reads error cells as "": only an empty cell can hide one
            result.update(self._error_cells(name, wanted))
        return result

    def _error_cells(self, name: str, wanted: Collection[str] | None) -> Cells:
        """Error values (#REF! …), which calamine reads as empty strings."""
        data = self._read(self._sheet_parts[name])
        if b't="e"' not in data:
            return {}
        found: Cells = {}
        for match in _ERROR_CELL.finditer(data):
            ref = _attrs(match.group(1)).get("r")
            value = _VALUE.search(match.group(2))
            if ref and (wanted is None or ref in wanted):
                code = html.unescape(value.group(1).decode()) if value else "#N/A"
                found[ref] = RawCell(ErrorValue(code or "#N/A"))
        return found

    def excel_date(self, serial: float) -> dt.date:
        base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        return (base + dt.timedelta(days=serial)).date()


def _unescape(value):
    """Undo OOXML's ``_xHHHH_`` escaping (Excel writes CR as ``_x000D_``)."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def open_package(path: str | Path) -> XlsxPackage:
    """Open ``path`` as an .xlsx package, or raise a clear :class:`InputError`."""
    path = Path(path)
    shown = str(path)
    if not path.exists():
        raise InputError("文件不存在。", shown)
    if path.is_dir():
        raise InputError("这是一个文件夹，不是 Excel 文件。", shown)
    size = path.stat().st_size
    if size == 0:
        raise InputError("文件是空的（0 字节）。", shown)
    if size > MAX_FILE_BYTES:
        raise InputError(f"文件过大（{size / 1048576:.1f} MB）。年报工作簿通常小于 1 MB，"
                         f"请确认选对了文件。", shown)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        raise InputError("这是旧版 .xls 文件或加密的工作簿。请在 Excel/WPS 中“另存为”"
                         "Excel 工作簿（.xlsx，不设打开密码）后再校验。", shown)
    if not head.startswith(ZIP_MAGIC):
        raise InputError("不是 Excel .xlsx 文件（文件内容不是 xlsx 格式）。", shown)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise InputError("文件已损坏（不是完整的 zip 压缩包），可能下载或复制不完整。", shown) from None
    try:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise InputError("文件解压后过大，不是正常的年报工作簿。", shown)
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise InputError("这是 Word 文档，不是 Excel 工作簿。"
                                 "已发布的报告请用 giar-xl import 导入。", shown)
            raise InputError("不是 Excel 工作簿（缺少 xl/workbook.xml）。", shown)
        return XlsxPackage(path, archive)
    except BaseException:
        archive.close()
        raise
