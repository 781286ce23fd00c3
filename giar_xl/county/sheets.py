"""The roster review in the summary workbook: sheets 名录核对 (each organ), 未对应文件
(reports not counted for any organ, and why) and 分区汇总 (the roll-up).

They are placed before the summary's own sheets and print like them: A4 landscape, one
page wide, header rows repeated, 9 pt text, frozen header, filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..workbook.design import ERROR_FILL, HEADER_FILL, OK_FILL, WARNING_FILL
from ..workbook.styles import TABLE_FONT, solid
from ..workbook.textcells import put
from .display import number_text, organ_lines
from .review import MISSING, CountyReview
from .rollup import GroupTotals

TEXT_PT = 9
LINE_PT = 13.5  # height of one line of 9 pt text
STATUS_FILL = {MISSING: ERROR_FILL, "unreadable": ERROR_FILL, "errors": ERROR_FILL,
               "warnings": WARNING_FILL, "ok": OK_FILL}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # Excel character units
    number: bool = False


def add_county_sheets(wb: Workbook, review: CountyReview) -> None:
    """Add 名录核对, 未对应文件 and 分区汇总 in front of ``wb``'s sheets."""
    sheets = [_organs(wb.create_sheet("名录核对"), review)]
    if review.problems:
        sheets.append(_problems(wb.create_sheet("未对应文件"), review))
    sheets.append(_rollup(wb.create_sheet("分区汇总"), review))
    for position, ws in enumerate(sheets):
        wb.move_sheet(ws, offset=position - wb.index(ws))
    wb.active = 0


ORGAN_COLUMNS = [Column("序号", 4, True), Column("机关名称", 20), Column("所属区域", 10),
                 Column("类别", 9), Column("状态", 7), Column("逾期", 12), Column("重复", 14),
                 Column("错误", 5, True), Column("提醒", 5, True), Column("与上年重复率", 7),
                 Column("得分", 5, True), Column("扣分", 32), Column("报告中的名称", 14),
                 Column("文件", 30)]  # 文件 is for the screen: the printed page ends before it


def headline(review: CountyReview) -> str:
    organs = review.organs
    missing = sum(1 for o in organs if o.missing)
    year = f"{review.year} 年度" if review.year else ""
    return (f"{year}名录核对：应报 {len(organs)} 个机关，已报 {len(organs) - missing}，缺报 {missing}，"
            f"逾期 {len(review.late)}，重复 {len(review.with_duplicates)}；"
            f"未计入的文件 {len(review.problems)} 份")


def _organs(ws: Worksheet, review: CountyReview) -> Worksheet:
    lines = organ_lines(review)
    rows = [[n.number, n.name, n.region, n.kind, n.status_text, n.late, n.duplicate,
             n.errors, n.warnings, n.copied, o.score.points, n.deductions, n.reported_as,
             "\n".join(n.files)] for n, o in zip(lines, review.organs, strict=True)]
    first = _table(ws, headline(review), ORGAN_COLUMNS, rows)
    ws.print_area = f"A1:{get_column_letter(len(ORGAN_COLUMNS) - 1)}{ws.max_row}"
    for offset, line in enumerate(lines):
        ws.cell(first + offset, 5).fill = solid(STATUS_FILL[line.status])
        if line.late:
            ws.cell(first + offset, 6).fill = solid(WARNING_FILL)
        if line.duplicate:
            ws.cell(first + offset, 7).fill = solid(WARNING_FILL)
    return ws


PROBLEM_COLUMNS = [Column("汇总序号", 5, True), Column("报告中的机关", 22), Column("年度", 6, True),
                   Column("原因", 60), Column("文件", 40)]


def _problems(ws: Worksheet, review: CountyReview) -> Worksheet:
    rows = [[p.index + 1, review.results[p.index].organ or "（未识别）", review.results[p.index].year,
             p.text, review.results[p.index].path] for p in review.problems]
    _table(ws, f"未计入名录的文件：{len(rows)} 份（名称对应不上、对应到多个机关、年度不符或重复）",
           PROBLEM_COLUMNS, rows)
    return ws


def _rollup(ws: Worksheet, review: CountyReview) -> Worksheet:
    """Per grouping (区域, 类别): a table of counts, then one table of sums per section
    of the report (so that each prints one A4 page wide at 9 pt)."""
    rollup = review.rollup
    counts = [Column("应报", 5, True), Column("已报", 5, True), Column("缺报", 5, True),
              Column("逾期", 5, True), Column("有错误的机关", 7, True), Column("错误", 5, True),
              Column("提醒", 5, True)]
    sections: dict[str, list[int]] = {}
    for i, sheet in enumerate(rollup.sheets):
        sections.setdefault(sheet, []).append(i)
    title = "分区汇总：各区域、各类别的报告数和主要数字之和（重复报告只计一份）"
    groups = [(name, totals) for name, totals in (("区域", rollup.regions), ("类别", rollup.kinds))
              if totals] or [("范围", ())]
    for name, totals in groups:
        def counted(g: GroupTotals) -> list:
            return [g.label, g.organs, g.reported, g.missing, g.late, g.with_errors, g.errors,
                    g.warnings]
        _table(ws, title, [Column(name, 16), *counts], [counted(g) for g in totals],
               total=counted(rollup.total), caption=f"按{name}：报告数" if totals else None)
        title = None
        for sheet, indices in sections.items():
            columns = [Column(name, 16), *(Column(rollup.columns[i].header, 8, True) for i in indices)]
            _table(ws, None, columns, [[g.label, *(g.figures[i] for i in indices)] for g in totals],
                   total=[rollup.total.label, *(rollup.total.figures[i] for i in indices)],
                   caption=f"按{name}：{sheet}（合计）" if totals else f"{sheet}（合计）")
    if rollup.has_previous:
        lines = [[g.label, c.title, c.anchor, c.actual, c.expected, c.difference,
                  g.reported, g.last_reported]
                 for g in (*rollup.regions, rollup.total) for c in g.continuity]
        _table(ws, None, [Column("区域", 14), Column("跨年度关系", 40), Column("核对的数字", 30),
                          Column("本年合计", 7, True), Column("按上年应为", 7, True),
                          Column("差额", 6, True), Column("本年报告数", 6, True),
                          Column("上年报告数", 6, True)], lines,
               caption="跨年度衔接（按区域合计；缺报、新增机关会造成差额）")
    return ws


def _table(ws: Worksheet, title: str | None, columns: Sequence[Column], rows: Sequence[Sequence],
           total: Sequence | None = None, caption: str | None = None) -> int:
    """Append a titled table to ``ws``; returns the row of its first item.

    The first table of a sheet sets the print layout: its header repeats on every page."""
    first_table = not ws.print_title_rows
    start = ws.max_row + 2 if ws.max_row > 1 else 1
    if title:
        put(ws.cell(start, 1), title).font = Font(bold=True, size=12)
        start += 1
    if caption:
        put(ws.cell(start, 1), caption).font = Font(bold=True, size=TEXT_PT + 1)
        start += 1
    header = start
    for col, column in enumerate(columns, start=1):
        cell = put(ws.cell(header, col), column.header)
        cell.font = Font(name=TABLE_FONT, bold=True, size=TEXT_PT)
        cell.fill = solid(HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BOX
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = column.width if first_table else max(dimension.width, column.width)
    ws.row_dimensions[header].height = 15 * max(1, max(_lines(c) for c in columns))
    body = [*rows, *([total] if total is not None else [])]
    for offset, values in enumerate(body, start=1):
        lines = 1
        for col, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            cell = _value(ws.cell(header + offset, col), value)
            cell.font = Font(name=TABLE_FONT, size=TEXT_PT,
                             bold=total is not None and offset == len(body))
            if isinstance(value, str) and not column.number:
                lines = max(lines, _wrapped_lines(value, ws.column_dimensions[
                    get_column_letter(col)].width))
            cell.border = _BOX
            cell.alignment = Alignment(wrap_text=not column.number, vertical="top",
                                       horizontal="right" if column.number else "left")
        ws.row_dimensions[header + offset].height = LINE_PT * lines
    if first_table:  # the sheet's first table: print and screen layout
        ws.print_title_rows = f"{header}:{header}"
        ws.freeze_panes = ws.cell(header + 1, 3 if len(columns) > 6 else 1)
        if rows:
            ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{header + len(rows)}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.footer = 0.6, 0.8, 0.3
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return header + 1


def _wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` units wide at 9 pt (a CJK character is
    about 1.7 units, a Latin letter or digit about half that)."""
    per_line = max(1.0, width - 1)
    lines = 0
    for part in text.split("\n"):
        size = sum(0.85 if ord(ch) < 0x2E80 else 1.7 for ch in part)
        lines += max(1, -(-int(size * 10) // int(per_line * 10)))
    return lines


def _lines(column: Column) -> int:
    """Lines the header needs at its width (a CJK character is about two units wide)."""
    return -(-len(column.header) * 2 // max(1, int(column.width)))


def _value(cell: Cell, value) -> Cell:
    if isinstance(value, float | int) or value is None:
        cell.value = value
        return cell
    if not isinstance(value, str):
        value = number_text(value)
        try:
            cell.value = float(value) if "." in value else int(value)
            return cell
        except ValueError:
            pass
    return put(cell, value)
