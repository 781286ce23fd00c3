"""Read-only access to an .xlsx package: sheets, defined names, raw cell values.

We read the OOXML ourselves instead of through a spreadsheet library because
the checks need three things the fast readers drop: error values (``#REF!``
reads as an empty string in python-calamine), whether a cell holds a formula,
and the workbook's defined names.  Only the sheets asked for are parsed.

Every way a file can be unusable ends in :class:`~giar_xl.errors.InputError`
with a message a clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..cells import parse_cell
from ..errors import InputError
from ..model import ErrorValue

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_C, _V, _F, _IS, _T = (f"{{{NS}}}{t}" for t in ("c", "v", "f", "is", "t"))
_ROW, _SI, _RPH = f"{{{NS}}}row", f"{{{NS}}}si", f"{{{NS}}}rPh"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class RawCell:
    value: float | str | bool | ErrorValue | dt.datetime | None
    formula: bool = False


class XlsxPackage:
    """An opened .xlsx file.  Use :func:`open_package`."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self._zip = archive
        self._cells: dict[str, dict[tuple[int, int], RawCell]] = {}
        self._shared: list[str] | None = None
        root = self._xml("xl/workbook.xml")
        pr = root.find(f"{{{NS}}}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        targets = self._relationships("xl/_rels/workbook.xml.rels", "xl")
        self._sheet_parts: dict[str, str] = {}
        self.sheet_names: list[str] = []
        for sheet in root.iter(f"{{{NS}}}sheet"):
            name = sheet.get("name", "")
            self.sheet_names.append(name)
            target = targets.get(sheet.get(f"{{{REL_NS}}}id", ""))
            if target:
                self._sheet_parts[name] = target
        self.defined_names: dict[str, str] = {}
        for dn in root.iter(f"{{{NS}}}definedName"):
            if dn.get("localSheetId") is None:
                self.defined_names[dn.get("name", "")] = (dn.text or "").strip()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "XlsxPackage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- parts ----------------------------------------------------------------
    def _read(self, part: str) -> bytes:
        try:
            return self._zip.read(part)
        except KeyError:
            raise InputError(f"文件不完整：缺少 {part}。请在 Excel 中打开后重新保存。", str(self.path))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise InputError(f"文件已损坏，无法解压（{type(exc).__name__}）。", str(self.path))

    def _xml(self, part: str) -> etree._Element:
        try:
            return etree.fromstring(self._read(part), _PARSER)
        except etree.XMLSyntaxError:
            raise InputError(f"文件内容已损坏（{part} 不是有效的 XML）。", str(self.path))

    def _relationships(self, part: str, base: str) -> dict[str, str]:
        if part not in self._zip.NameToInfo:
            return {}
        result = {}
        for rel in self._xml(part).iter(f"{{{PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            result[rel.get("Id", "")] = path
        return result

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            part = "xl/sharedStrings.xml"
            if part in self._zip.NameToInfo:
                for si in self._xml(part).iter(_SI):
                    texts = [t.text or "" for t in si.iter(_T)
                             if t.getparent().tag != _RPH]
                    self._shared.append("".join(texts))
        return self._shared

    # -- cells ----------------------------------------------------------------
    def cells(self, sheet_name: str) -> dict[tuple[int, int], RawCell]:
        """All non-empty cells of a sheet as {(row, col): RawCell}; parsed once."""
        if sheet_name not in self._cells:
            part = self._sheet_parts.get(sheet_name)
            if part is None:
                raise KeyError(sheet_name)
            self._cells[sheet_name] = self._parse_sheet(part)
        return self._cells[sheet_name]

    def _parse_sheet(self, part: str) -> dict[tuple[int, int], RawCell]:
        shared = None
        result: dict[tuple[int, int], RawCell] = {}
        for c in self._xml(part).iter(_C):
            ref = c.get("r")
            if not ref:
                continue
            kind = c.get("t", "n")
            v = c.find(_V)
            has_formula = c.find(_F) is not None
            text = v.text if v is not None else None
            if kind == "s":
                shared = shared if shared is not None else self._shared_strings()
                try:
                    value = shared[int(text)] if text is not None else None
                except (ValueError, IndexError):
                    raise InputError("文件内容已损坏（共享字符串表不完整）。", str(self.path))
            elif kind == "inlineStr":
                node = c.find(_IS)
                value = "".join(t.text or "" for t in node.iter(_T)) if node is not None else None
            elif kind == "e":
                value = ErrorValue(text or "#N/A")
            elif kind == "b":
                value = text == "1" if text is not None else None
            elif kind == "str":
                value = text
            elif kind == "d":
                value = _iso_datetime(text)
            else:
                value = _number(text)
            if value is None and not has_formula:
                continue
            result[parse_cell(ref)] = RawCell(_unescape(value), has_formula)
        return result

    def excel_date(self, serial: float) -> dt.date:
        base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        return (base + dt.timedelta(days=serial)).date()


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(value):
    """Undo OOXML's ``_xHHHH_`` escaping (Excel writes CR as ``_x000D_``)."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _number(text: str | None) -> float | str | None:
    if text is None or text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _iso_datetime(text: str | None) -> dt.datetime | str | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return text


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
        raise InputError("文件已损坏（不是完整的 zip 压缩包），可能下载或复制不完整。", shown)
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
