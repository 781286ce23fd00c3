"""The roster (名录): the organs that must publish an annual report, by region and kind.

A roster is a plain sheet, .xlsx or .csv, with a header row holding 机关名称 and,
optionally, 所属区域 (the 县 or 乡镇 an organ belongs to) and 类别 (乡镇/街道, 县直部门 …);
rows above the header (a title) and blank rows are skipped.  ``giar-xl roster-template``
writes an empty one with instructions (:func:`write_roster_template`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..fileio import atomic_save, regular_input
from ..organ_names import name_key, organ_core

NAME, REGION, KIND = "机关名称", "所属区域", "类别"
# Header spellings a reviewer's own list may use, for each column.
HEADERS = {
    NAME: ("机关名称", "单位名称", "机关", "单位", "名称", "发布机关"),
    REGION: ("所属区域", "区域", "所属地区", "地区", "所属乡镇", "所属县区"),
    KIND: ("类别", "类型", "机关类别", "单位类别"),
}
KINDS = ("乡镇/街道", "县直部门", "市直部门", "其他")  # offered in the template, not enforced
MAX_BYTES = 20 * 1024 * 1024
_HEADER_SEARCH = 10  # rows scanned for the header


@dataclass(frozen=True)
class RosterEntry:
    name: str
    region: str = ""
    kind: str = ""
    line: int = 0  # row number in the roster file (1-based), for messages

    @property
    def label(self) -> str:
        return f"{self.region}·{self.name}" if self.region else self.name


@dataclass(frozen=True)
class Roster:
    entries: tuple[RosterEntry, ...]
    source: str = ""

    @property
    def regions(self) -> list[str]:
        return _ordered(e.region for e in self.entries)

    @property
    def kinds(self) -> list[str]:
        return _ordered(e.kind for e in self.entries)


def _ordered(values) -> list[str]:
    return list(dict.fromkeys(values))


def read_roster(path: str | Path) -> Roster:
    """The roster in ``path`` (.xlsx or .csv, UTF-8 or GBK).

    Raises :class:`InputError` (Chinese message) when the file cannot be read, has no
    机关名称 column or no organ, or lists one organ twice in the same region.
    """
    path = Path(path)
    info = regular_input(path)
    if info.st_size > MAX_BYTES:
        raise InputError("名录文件过大（超过 20 MB），请确认选对了文件。", str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise InputError(f"名录应为 .xlsx 或 .csv 文件（不能是「{suffix or '无扩展名'}」）。", str(path))
    return Roster(_entries(rows, str(path)), str(path))


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on a Chinese Windows saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte sequence
        raise InputError("名录文件的编码无法识别，请另存为 UTF-8 的 CSV 或 .xlsx。", str(path))
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _xlsx_rows(path: Path) -> list[list[str]]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        sheet = "名录" if "名录" in names else names[0]
        values = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for damaged or encrypted files
        raise InputError("名录无法打开（不是有效的 .xlsx 文件，或已损坏、加密）。", str(path)) from exc
    return [[_text(v) for v in row] for row in values]


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def _entries(rows: Sequence[Sequence[str]], source: str) -> tuple[RosterEntry, ...]:
    header_at, columns = _header(rows, source)
    entries: list[RosterEntry] = []
    seen: dict[tuple[str, str], RosterEntry] = {}
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cell = {key: (row[i].strip() if i is not None and i < len(row) else "")
                for key, i in columns.items()}
        if not cell[NAME]:
            continue
        entry = RosterEntry(cell[NAME], cell[REGION], cell[KIND], number)
        key = (organ_core(entry.name), name_key(entry.region))
        if key in seen:
            first = seen[key]
            both = (f"「{entry.label}」" if name_key(first.name) == name_key(entry.name)
                    else f"（「{first.name}」与「{entry.name}」是同一机关的两种写法）")
            raise InputError(f"名录第 {first.line} 行和第 {number} 行是同一个机关{both}，"
                             f"请删去一行（不同区域的同名机关请填写「所属区域」）。", source)
        seen[key] = entry
        entries.append(entry)
    if not entries:
        raise InputError("名录中没有任何机关（「机关名称」一列是空的）。", source)
    return tuple(entries)


def _header(rows: Sequence[Sequence[str]], source: str) -> tuple[int, dict[str, int | None]]:
    for at, row in enumerate(rows[:_HEADER_SEARCH]):
        labels = [name_key(v) for v in row]
        columns = {key: next((labels.index(s) for s in spellings if s in labels), None)
                   for key, spellings in HEADERS.items()}
        if columns[NAME] is not None:
            return at, columns
    raise InputError(f"名录的前 {_HEADER_SEARCH} 行中没有「机关名称」列标题"
                     f"（可用 giar-xl roster-template 生成名录模板）。", source)


INSTRUCTIONS = (
    "名录列出本地区应当发布政府信息公开工作年度报告的全部行政机关，每个机关一行。",
    "「机关名称」必填，写全称，如「北留镇人民政府」「陵川县财政局」；与报告标题中的名称略有不同"
    "（有无「人民政府」、有无县名、全角半角括号、繁体字）也能对应。",
    "「所属区域」可填：乡镇或县区名称，如部门所属的县；汇总按区域合计。不分区域可留空。",
    "「类别」可填：" + "、".join(KINDS) + "，或自定的类别；汇总按类别合计。",
    "第 1 行是列标题，请勿改动；从第 2 行起填写，可从其他表格直接粘贴。",
    "使用：giar-xl summary 各单位年报/ --roster 名录.xlsx -o 汇总.xlsx --html 汇总.html",
    "对应不上或对应到多个机关的报告不会被猜测归属，而是在汇总的「名录核对」中单独列出，请据此修改名录或核对报告。",
)


def write_roster_template(out: str | Path, overwrite: bool = False) -> Path:
    """An empty roster (sheet 名录: the header row, a list of 类别 to pick from) and a
    sheet 填写说明; written atomically to ``out``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..workbook.design import HEADER_FILL
    from ..workbook.styles import solid

    wb = Workbook()
    ws = wb.active
    ws.title = "名录"
    ws.append([NAME, REGION, KIND])
    for col, width in zip("ABC", (36, 20, 16), strict=True):
        ws.column_dimensions[col].width = width
        ws[f"{col}1"].font = Font(bold=True)
        ws[f"{col}1"].fill = solid(HEADER_FILL)
    ws.freeze_panes = "A2"
    kinds = DataValidation(type="list", formula1='"' + ",".join(KINDS) + '"', allow_blank=True,
                           showErrorMessage=False, promptTitle=KIND, prompt="可从列表中选择，也可自行填写。")
    kinds.add("C2:C5000")
    ws.add_data_validation(kinds)
    notes = wb.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    notes.append(["名录填写说明"])
    notes["A1"].font = Font(bold=True, size=13)
    for number, line in enumerate(INSTRUCTIONS, start=1):
        notes.append([f"{number}. {line}"])
        notes.cell(notes.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    return atomic_save(wb, out, overwrite)
