"""Read-only access to an .xlsx package: sheets, defined names, cell values.

Cell values come from python-calamine (fast, robust with shared strings,
rich text and dates), given the file's bytes as :mod:`giar_xl.zipsafe` read
them once, within its size and inflation limits.  Before calamine reads any
sheet, every part it could read as one is scanned (:mod:`.sheetscan`): a sheet
calamine could not read within bounds — a cell at XFD1048576, a million rows,
cells written an unusual way — is streamed by :mod:`.sparse` instead, keeping
only the cells asked for; and error values, which calamine reads as empty
strings (python-calamine issue #105), come from the same scan.  The workbook's
defined names, which calamine does not give, are read from ``workbook.xml``.

Every way a file can be unusable ends in :class:`~giar_xl.errors.InputError`
with a message a clerk can act on.  :meth:`XlsxPackage.sheet_rows` is the one
place that asks calamine, so a runtime without it (the browser page: calamine
has no WebAssembly build) substitutes another reader there and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import zipsafe
from ..cells import cell_name, parse_cell
from ..errors import InputError, library_text
from ..model import ErrorValue
from .sheetscan import SheetScan, scan_sheet, sheet_data

if TYPE_CHECKING:
    import python_calamine

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KIND = "Excel 工作簿"
MAX_WORKBOOK_PART_BYTES = 8 * 1024 * 1024  # workbook.xml and its relationships (real: ~20 KB)
# A cell whose body starts with its formula (as OOXML orders it: f, then v): reference,
# formula text, stored result (empty or absent when the program did not calculate).
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>/]*>\s*'
                           rb"(?:<f(?:\s[^>]*)?>([^<]*)</f>|<f(?:\s[^>]*)?/>)\s*(?:<v>([^<]*)</v>)?")
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # larger: no sheet goes to calamine (real: < 100 KB)

# Tags are matched up to the next "<" (never allowed inside one), so a file full of
# unfinished tags costs one pass, not one pass per tag.
_TAG = r"<(?:\w+:)?{}\b([^<>]*?)"
_SHEET = re.compile((_TAG + r"/?>").format("sheet").encode())
_DEFINED_NAME = re.compile((_TAG + r">([^<]*)<").format("definedName").encode())
_WORKBOOK_PR = re.compile((_TAG + r"/?>").format("workbookPr").encode())
_RELATIONSHIP = re.compile((_TAG + r"/?>").format("Relationship").encode())
_ATTR = re.compile(rb'(?<![\w:])([\w:]+)\s*=\s*"([^"]*)"')
_NAME_ATTR = re.compile(rb'\bname\s*=\s*"([^"]*)"')
_ANY_TARGET = re.compile(rb"""\bTarget\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_OFFICE_DOCUMENT = "/relationships/officeDocument"
_MEMO: dict = {}  # see XlsxPackage._remembered
_MEMO_ENTRIES = 256
_MEMO_PART_BYTES = 64 * 1024  # parts larger when compressed are not remembered

CellValue = float | str | bool | ErrorValue | dt.date | dt.datetime
Cells = dict[str, CellValue]  # A1 reference -> what the cell holds (empty cells absent)


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: _text(v) for k, v in _ATTR.findall(raw)}


@dataclass(frozen=True)
class _Workbook:
    """What ``workbook.xml`` and its relationships say: date system, sheets, names."""

    date1904: bool
    sheet_names: tuple[str, ...]
    sheet_parts: tuple[tuple[str, str], ...]  # sheet name -> zip part
    defined_names: tuple[tuple[str, str], ...]  # workbook-scoped name -> reference text


def _parse_workbook(workbook: bytes, rels: bytes, base: str) -> _Workbook:
    """Sheets and names of ``workbook.xml``."""
    targets = {}
    for match in _RELATIONSHIP.finditer(rels):
        attrs = _attrs(match.group(1))
        targets[attrs.get("Id", "")] = _part(base, attrs.get("Target", ""))
    pr = _WORKBOOK_PR.search(workbook)
    names, parts = [], {}
    for match in _SHEET.finditer(workbook):
        attrs = _attrs(match.group(1))
        names.append(attrs.get("name", ""))
        if attrs.get("id") in targets:
            parts.setdefault(names[-1], targets[attrs["id"]])  # the first of a name, as calamine
    defined = []
    for match in _DEFINED_NAME.finditer(workbook):
        attrs, text = match.groups()
        name = _NAME_ATTR.search(attrs)
        if name and b"localSheetId" not in attrs:
            defined.append((_text(name.group(1)), _text(text).strip()))
    return _Workbook(bool(pr) and _attrs(pr.group(1)).get("date1904") in ("1", "true"),
                     tuple(names), tuple(parts.items()), tuple(defined))


def _part(base: str, target: str) -> str:
    """A relationship target as a zip part name, resolved as python-calamine does."""
    return target[1:] if target.startswith("/") else base + target


def _folder(target: str) -> str:
    """The folder of a relationship target, as python-calamine takes it."""
    folder = target[:target.rfind("/") + 1]
    return folder[1:] if folder.startswith("/") else folder


class XlsxPackage:
    """An opened .xlsx file.  Use :func:`open_package`."""

    def __init__(self, path: Path, package: zipsafe.Package):
        self.path = path
        self._package = package
        self._cells: dict[str, Cells] = {}
        self._book: python_calamine.CalamineWorkbook | None = None
        self._scans: dict[str, SheetScan] | None = None  # zip part -> scan, once all are done
        self._calamine_allowed = True  # False when the shared strings are too large for it
        self._base = self._remembered("folder", ("_rels/.rels",), self._office_folder)
        workbook, rels = self._base + "workbook.xml", self._base + "_rels/workbook.xml.rels"
        book = self._remembered(("workbook", self._base), (workbook, rels), lambda: _parse_workbook(
            self._read(workbook, MAX_WORKBOOK_PART_BYTES), self._read(rels, MAX_WORKBOOK_PART_BYTES),
            self._base))
        self.date1904 = book.date1904
        self.sheet_names = list(book.sheet_names)
        self._sheet_parts = dict(book.sheet_parts)
        self.defined_names = dict(book.defined_names)

    def close(self) -> None:
        self._package.close()

    def __enter__(self) -> XlsxPackage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- parts ----------------------------------------------------------------
    def _read(self, part: str, limit: int = zipsafe.MAX_UNPACKED_BYTES, verify: bool = True) -> bytes:
        try:
            return self._package.read(part, limit, verify)
        except KeyError:
            raise InputError(f"文件不完整：缺少 {part}。请在 Excel 中打开后重新保存。",
                             str(self.path)) from None

    def _remembered(self, what, parts: tuple[str, ...], make):
        """``make()``, remembered across workbooks by the content of ``parts``: the
        workbooks of one giar-xl version share workbook.xml, styles and theme."""
        infos = [self._package.info(part) for part in parts]
        if any(info is not None and info.compress_size > _MEMO_PART_BYTES for info in infos):
            return make()
        key = (what, *(self._package.stored(part) for part in parts))
        value = _MEMO.get(key)
        if value is None:
            if len(_MEMO) >= _MEMO_ENTRIES:
                del _MEMO[next(iter(_MEMO))]
            value = _MEMO[key] = make()
        return value

    def _office_folder(self) -> str:
        """The folder of the workbook part, as the package's ``_rels/.rels`` names it
        (python-calamine looks there; ``xl/`` as a rule)."""
        if "_rels/.rels" in self._package:
            rels = self._read("_rels/.rels", MAX_WORKBOOK_PART_BYTES)
            for match in _RELATIONSHIP.finditer(rels):
                attrs = _attrs(match.group(1))
                if attrs.get("Type", "").endswith(_OFFICE_DOCUMENT):
                    return _folder(attrs.get("Target", ""))
        return "xl/"

    def _calamine(self) -> python_calamine.CalamineWorkbook:
        if self._book is None:
            import python_calamine

            self._book = _calamine_call(
                lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self._package.data)),
                "文件内容已损坏，无法读取", self.path)
        return self._book

    # -- bounds ---------------------------------------------------------------
    def _scan_all(self) -> dict[str, SheetScan]:
        """Scan every part python-calamine could be asked to read as a sheet.

        The parts are found generously — every relationship target of every
        folder the package's ``_rels/.rels`` names, comments included — so that
        calamine, whatever it makes of an odd package, only ever reads a scanned
        part.  A part that would not fit and is none of this workbook's sheets
        means the package is not what it seems: it is refused.
        """
        if self._scans is not None:
            return self._scans
        folders = {self._base} | {_folder(t) for t in self._targets("_rels/.rels")}
        parts, strings = set(self._sheet_parts.values()), 0
        for folder in folders:
            for name in ("workbook.xml", "_rels/workbook.xml.rels"):
                info = self._package.info(folder + name)
                if info is not None and info.file_size > MAX_WORKBOOK_PART_BYTES:
                    raise InputError(f"工作簿结构异常（{info.filename} 过大），不是正常的年报工作簿。",
                                     str(self.path))
            shared = self._package.info(folder + "sharedStrings.xml")
            strings = max(strings, shared.file_size if shared else 0)
            parts |= {_part(folder, t) for t in self._targets(folder + "_rels/workbook.xml.rels")}
        scans, sheets = {}, set(self._sheet_parts.values())
        for part in sorted(p for p in parts if p in self._package):
            if part in sheets:  # a report's own: no use remembering
                scan = self._scan(part, strings)
            else:
                scan = self._remembered(("scan", strings), (part,), lambda p=part: self._scan(p, strings))
            scans[zipsafe.member_key(part)] = scan
            if not scan.fits and part not in sheets:
                raise InputError(f"工作簿结构异常（{part}），不是正常的年报工作簿。", str(self.path))
        self._calamine_allowed = strings <= MAX_SHARED_STRINGS_BYTES
        self._scans = scans
        return scans

    def _scan(self, part: str, strings: int) -> SheetScan:
        # python-calamine checks the CRC of what it reads: no need to here
        return scan_sheet(self._read(part, verify=False), strings)

    # -- cells ----------------------------------------------------------------
    def cells(self, sheet_name: str, wanted: Collection[str] | None = None) -> Cells:
        """Non-empty cells of a sheet as {"D7": value}, read once per sheet.

        ``wanted`` (A1 references) limits which cells are kept; it only
        applies to the first call for a sheet.
        """
        if sheet_name not in self._cells:
            if sheet_name not in self._sheet_parts:
                if sheet_name in self.sheet_names:  # listed, but no part: a damaged package
                    raise InputError(f"文件不完整：找不到工作表「{sheet_name}」的内容。"
                                     f"请在 Excel 中打开后重新保存。", str(self.path))
                raise KeyError(sheet_name)
            self._cells[sheet_name] = self._read_sheet(sheet_name, wanted)
        return self._cells[sheet_name]

    def _read_sheet(self, name: str, wanted: Collection[str] | None) -> Cells:
        part = self._sheet_parts[name]
        scan = self._scan_all().get(zipsafe.member_key(part))
        if scan is None:
            raise InputError(f"文件不完整：缺少工作表「{name}」的内容（{part}）。"
                             f"请在 Excel 中打开后重新保存。", str(self.path))
        if not scan.fits or not self._calamine_allowed:
            return self._read_sparse(name, part, wanted, scan)
        rows = _calamine_call(lambda: self.sheet_rows(name), f"工作表「{name}」已损坏，无法读取",
                              self.path)
        return _pick(rows, wanted, scan.errors)

    def uncomputed_formulas(self, sheet_name: str, refs: Collection[str]) -> dict[str, str]:
        """Cells among ``refs`` holding a formula with no stored result, as {"E7": "1+1"}
        (a file written by a program that does not calculate; Excel, WPS and LibreOffice
        store results).  Cell tags written the plain way only (``<c r="E7" …>``); one
        pass over the sheet's cells."""
        part = self._sheet_parts.get(sheet_name)
        if part is None or not refs:
            return {}
        xml = self._read(part, verify=False)
        region = sheet_data(xml)
        if region is None:
            return {}
        found: dict[str, str] = {}
        for cell in _FORMULA_CELL.finditer(xml, *region):
            ref = cell.group(1).decode()
            if ref in refs and not cell.group(3):
                text = cell.group(2) or b""  # (a shared formula's follower has none)
                found[ref] = html.unescape(text.decode("utf-8", "replace"))
        return found

    def sheet_rows(self, name: str) -> list[list]:
        """The sheet's values as rows from A1, empty cells as ``""`` (python-calamine)."""
        return self._calamine().get_sheet_by_name(name).to_python(skip_empty_area=False)

    def _read_sparse(self, name: str, part: str, wanted: Collection[str] | None,
                     scan: SheetScan) -> Cells:
        def optional(part_name: str):
            part_name = self._base + part_name
            return lambda: self._read(part_name) if part_name in self._package else None

        from .sparse import read_sparse  # (odd sheets only)

        try:
            cells = read_sparse(self._read(part), wanted, scan.plain, optional("sharedStrings.xml"),
                                optional("styles.xml"), self.excel_date)
        except ValueError as exc:  # lxml's XMLSyntaxError
            raise InputError(f"工作表「{name}」已损坏，无法读取（XML 格式错误）。", str(self.path)) from exc
        return cells

    def excel_date(self, serial: float) -> dt.date:
        return serial_date(serial, self.date1904)


    def _targets(self, rels: str) -> frozenset[str]:
        """Every relationship target written in ``rels`` (in comments too: a superset)."""
        if rels not in self._package:
            return frozenset()
        return self._remembered("targets", (rels,), lambda: frozenset(
            _text(a or b) for a, b in _ANY_TARGET.findall(self._read(rels, MAX_WORKBOOK_PART_BYTES))))


def _pick(rows: list[list], wanted: Collection[str] | None, errors: dict[str, ErrorValue]) -> Cells:
    """The non-empty cells among ``wanted`` (all when None) of calamine's rows, with the
    error values calamine read as empty strings put back."""
    result: Cells = {}
    if wanted is None:
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value != "" and value is not None:
                    result[cell_name(r, c)] = value
        for ref, error in errors.items():
            result.setdefault(ref, error)
        return result
    for r, cells in _positions(wanted if isinstance(wanted, frozenset) else frozenset(wanted)):
        if r >= len(rows):
            break
        row = rows[r]
        width = len(row)
        for c, ref in cells:
            value = row[c] if c < width else ""
            if value.__class__ is str:
                if value:
                    result[ref] = value
                elif ref in errors:
                    result[ref] = errors[ref]
            elif value is not None:
                result[ref] = value
    return result


@functools.lru_cache(maxsize=64)
def _positions(wanted: frozenset[str]) -> tuple[tuple[int, tuple[tuple[int, str], ...]], ...]:
    """The cells of ``wanted`` by row: (row, ((column, reference) …)), 0-based, rows in
    order; the same sets are asked of every workbook of a batch."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for ref in wanted:
        row, col = parse_cell(ref)
        rows.setdefault(row - 1, []).append((col - 1, ref))
    return tuple((row, tuple(rows[row])) for row in sorted(rows))


def _calamine_call(read, failure: str, path: Path):
    """Run a python-calamine call; its errors (and panics, which are not Exceptions)
    become an InputError."""
    try:
        return read()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        raise InputError(f"{failure}（{library_text(exc)}）。", str(path)) from exc


def serial_date(serial: float, date1904: bool = False) -> dt.date:
    """The date of a spreadsheet serial number (1900 or 1904 date system)."""
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return (base + dt.timedelta(days=serial)).date()


def open_package(path: str | Path, kind: type[XlsxPackage] = XlsxPackage) -> XlsxPackage:
    """Open ``path`` as an .xlsx package, or raise a clear :class:`InputError`.

    ``kind`` is the package class (a subclass reading values another way).
    """
    package = zipsafe.open_zip(path, KIND, not_zip=_not_xlsx)
    try:
        if "xl/workbook.xml" not in package:
            if "word/document.xml" in package:
                raise InputError("这是 Word 文档，不是 Excel 工作簿：请把扩展名改为 .docx，"
                                 "再用 giar-xl check 校验或 giar-xl import 导入。", str(path))
            raise InputError("不是 Excel 工作簿（缺少 xl/workbook.xml）。", str(path))
        return kind(Path(path), package)
    except BaseException:
        package.close()
        raise


_SAVE_AS = "请用 Excel/WPS 打开它，“另存为”Excel 工作簿（.xlsx）后再校验。"


def _not_xlsx(head: bytes) -> str:
    """What a file named .xlsx but no zip package is, and what to do (from its first bytes)."""
    if head.startswith(OLE_MAGIC):
        return ("这是旧版 .xls 文件或加密的工作簿。请在 Excel/WPS 中“另存为”"
                "Excel 工作簿（.xlsx，不设打开密码）后再校验。")
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件，只是扩展名写成了 .xlsx：请把扩展名改为 .pdf 后再校验。"
    text = _as_text(head)
    if text is not None and re.search(r"<(?:!doctype|html|table|\?xml)", text[:400], re.I):
        return "不是 Excel .xlsx 文件，而是网页（HTML/XML）另存的表格：" + _SAVE_AS
    if text is not None:
        return "不是 Excel .xlsx 文件，而是文本（如 CSV）文件：" + _SAVE_AS
    return ("不是 Excel .xlsx 文件（文件内容不是 xlsx 格式，可能已损坏，或只是改了扩展名）：" + _SAVE_AS)


def _as_text(head: bytes) -> str | None:
    """``head`` as text when it reads as UTF-8, UTF-16 or GB18030 without control bytes."""
    for encoding in ("utf-8", "utf-16", "gb18030"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            try:  # the 1024 bytes may end inside a character
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        if not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
            return text.lstrip("\ufeff")
    return None
