"""``giar-xl summary``: one workbook summarising many organs' checks for a county reviewer.

Sheets: 汇总 (one row per report: organ, year, status, counts, key figures, and a totals
row), 问题清单 (every finding), 规则统计 (findings by rule, with a bar chart of errors).
The key figures are columns derived from the format; all three sheets are list sheets
(:mod:`giar_xl.workbook.listing`) that print on A4 landscape, one page wide, at 9 pt.

Duplicates: when the same organ sent more than one report for the same year, only the
*later* one is counted in the 合计 row; the others stay listed, marked as duplicates.
Later means the later 发布日期 when every copy has one, otherwise the file modified last
(ties: the one listed last); a copy that can be read always wins over one that cannot.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .fileio import atomic_save
from .findings import ERROR, SEVERITY_LABEL, FileResult
from .organ_names import organ_core
from .rules.catalog import rule_title
from .spec import FormatSpec, Table, load_spec
from .workbook.design import ERROR_FILL, ERROR_FONT, OK_FILL, WARNING_FILL
from .workbook.listing import ListColumn, ListLayout, write_list
from .workbook.styles import solid

STATUS_LABEL = {"ok": "通过", "warnings": "有提醒", "errors": "有错误", "unreadable": "无法使用"}
STATUS_FILL = {"ok": OK_FILL, "warnings": WARNING_FILL, "errors": ERROR_FILL,
               "unreadable": ERROR_FILL}
REQ_ROWS_BEFORE = ("new", "carried_in", "open", "partial")
REQ_GROUPS = ("withheld", "unavailable", "not_handled", "other_handling")
REQ_ROWS_AFTER = ("results", "carried_out")
COUNTED, NOT_COUNTED = "是", "否"
WARNING_BAR = "E0A800"  # the warning yellow, dark enough for a bar on white

# widths (character units): chosen so that 汇总 prints one A4 landscape page wide at 100 %
FIGURE_WIDTH, WIDE_FIGURE_WIDTH = 4.2, 5.6  # two characters a line; five digits / 万元


@dataclass(frozen=True)
class FigureColumn:
    """A key figure of the 汇总 sheet: the sum of ``fields``, under its header path."""

    path: tuple[str, ...]  # header labels: the sheet, groups, the figure's own label
    fields: tuple[str, ...]  # the column shows their sum
    kind: str = "count"  # count | amount

    @property
    def header(self) -> str:
        return "·".join(self.path[1:])


_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*")
_REMARK = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def short_label(label: str) -> str:
    """A table label as a column header: no ordinal, no trailing remark in brackets, no
    「政府信息公开」 or trailing 「数量」「件数」
    (「一、本年新收政府信息公开申请数量」 -> 「本年新收申请」)."""
    text = _REMARK.sub("", _ORDINAL.sub("", label)).replace("政府信息公开", "")
    return re.sub(r"(数量|件数)$", "", text) or label


def figure_columns(spec: FormatSpec) -> list[FigureColumn]:
    """The key figures of a report, as summary columns (labels from the format)."""
    columns: list[FigureColumn] = []
    for tid in spec.section("active").tables:
        table = spec.tables[tid]
        fields = [f for f in spec.report_fields() if f.table == tid]
        single = len({f.col for f in fields}) == 1
        for f in fields:
            label = short_label(f.row_path[-1])
            path = (table.sheet, label) if single else (table.sheet, label,
                                                        short_label(f.column_path[-1]))
            if f.type == "amount":
                path = (*path[:-1], f"{path[-1]}（{f.unit}）")
            columns.append(FigureColumn(path, (f.id,), "amount" if f.type == "amount" else "count"))
    req = spec.tables["req"]
    columns += [_req_column(spec, req, r, [r]) for r in REQ_ROWS_BEFORE]
    columns += [_req_column(spec, req, g, req.rows_under(g)) for g in REQ_GROUPS]
    columns += [_req_column(spec, req, r, [r]) for r in REQ_ROWS_AFTER]
    for tid in spec.section("review").tables:
        for rel in (rel for rel in spec.relations if rel.table == tid):
            f = spec.fields[rel.anchor]  # a 总计: the column named by the path above it
            columns.append(FigureColumn((f.sheet, *f.column_path[:-1]), (f.id,)))
    return columns


def _req_column(spec: FormatSpec, req: Table, row_id: str, rows: Sequence[str]) -> FigureColumn:
    """A column of table 三: its row (or row group), under its parent row's label."""
    first = spec.fields[req.field_id(rows[0], "total")]
    label = req.row_header(row_id).label
    path = first.row_path[:first.row_path.index(label) + 1]
    return FigureColumn((req.sheet, *(short_label(p) for p in path)),
                        tuple(req.field_id(r, "total") for r in rows))


def write_summary(results: Sequence[FileResult], out: str | Path,
                  spec: FormatSpec | None = None, *, overwrite: bool = False,
                  winner_of: Sequence[int | None] | None = None,
                  more_sheets: Callable[[Workbook], None] | None = None) -> Path:
    """The summary workbook of ``results``, written atomically to ``out``.

    ``winner_of`` (one per result, as :func:`counted` gives it) says which reports are
    duplicates and which copy counts, when the roster review has decided it; else
    :func:`counted` decides by the reports' names.  The 规则统计 sheet counts only the
    copies that count.  ``more_sheets`` adds sheets (the roster review of
    :mod:`giar_xl.county`)."""
    spec = spec or load_spec()
    wb = Workbook()
    winner_of = list(winner_of) if winner_of is not None else counted(results)
    _overview(wb.active, results, figure_columns(spec), winner_of)
    _findings(wb.create_sheet("问题清单"), results, spec)
    _by_rule(wb.create_sheet("规则统计"),
             [r for r, w in zip(results, winner_of, strict=True) if w is None], spec)
    if more_sheets:
        more_sheets(wb)
    return atomic_save(wb, out, overwrite)


# --------------------------------------------------------------------------- duplicates

def counted(results: Sequence[FileResult], keys: Sequence[str] | None = None,
            years: Sequence[int | None] | None = None) -> list[int | None]:
    """For each result: None if it counts in the totals, else the index of the copy that does.

    Copies are reports of the same organ and year; a readable copy wins over one that cannot
    be used, then the later one counts (see module doc).  The organ is ``keys[i]`` when given
    (the roster review places reports on its organs), else the report's organ name up to
    width, spacing and a 「人民政府」 suffix (「西河乡」 = 「西河乡人民政府」); a blank key groups
    nothing.  The year is ``years[i]`` when given (a file placed by its name has
    none of its own), else the report's.
    """
    keys = keys if keys is not None else [organ_core(r.organ) if r.organ else "" for r in results]
    years = years if years is not None else [r.year for r in results]
    groups: dict[tuple[str, int | None], list[int]] = {}
    for i, (key, year) in enumerate(zip(keys, years, strict=True)):
        if key:
            groups.setdefault((key, year), []).append(i)
    winner_of: list[int | None] = [None] * len(results)
    for members in groups.values():
        if len(members) < 2:
            continue
        usable = [i for i in members if not results[i].reason] or members
        dated = all(results[i].published for i in usable)
        winner = max(usable, key=lambda i: (results[i].published if dated else dt.date.min,
                                            _modified(results[i].path), i))
        for i in members:
            winner_of[i] = None if i == winner else winner
    return winner_of


def _modified(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


# --------------------------------------------------------------------------- 汇总

def is_figure(value) -> bool:
    """A figure that can be added: 件 (int) or 万元 (Decimal); not blank, text or a bool."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def figure_value(result: FileResult, column: FigureColumn) -> int | Decimal | None:
    """``result``'s figure in ``column`` (the sum of its fields); None when any of them is
    blank or invalid in the report — no figure rather than a wrong one."""
    values = [result.figures.get(fid) for fid in column.fields]
    if not values or not all(is_figure(v) for v in values):
        return None
    return sum(values)


STATUS_WIDTH = 7.8  # the longest status, 「无法使用」, on one line at 9 pt


def overview_columns(figures: Sequence[FigureColumn]) -> list[ListColumn]:
    fixed = [ListColumn(("序号",), 3.2, "center"), ListColumn(("机关",), 11),
             ListColumn(("年度",), 4.2, "center"), ListColumn(("状态",), STATUS_WIDTH, "center"),
             ListColumn(("错误",), 4.2, "count"), ListColumn(("提醒",), 4.2, "count"),
             ListColumn(("计入合计",), 4.2, "center")]
    return [*fixed, *figure_list_columns(figures), ListColumn(("说明",), 8.4),
            ListColumn(("文件",), 30)]


def figure_list_columns(figures: Sequence[FigureColumn]) -> list[ListColumn]:
    """The key figures as list columns: their header paths, narrow enough for the page."""
    wide = {"pub_license_decisions", "pub_penalty_decisions"}
    return [ListColumn(c.path, WIDE_FIGURE_WIDTH if c.kind == "amount" or set(c.fields) & wide
                       else FIGURE_WIDTH, c.kind) for c in figures]


def _overview(ws: Worksheet, results: Sequence[FileResult], figures: list[FigureColumn],
              winner_of: Sequence[int | None]) -> None:
    ws.title = "汇总"
    columns = overview_columns(figures)
    rows = []
    for index, (r, winner) in enumerate(zip(results, winner_of, strict=True), start=1):
        notes = [r.reason or ""]
        if winner is not None:
            notes.append(f"重复，以序号 {winner + 1} 为准")
        elif index - 1 in winner_of:
            notes.append("有重复，以本行为准")
        accepted = f"（另有 {len(r.accepted)} 个已接受）" if r.accepted else ""
        notes.append(accepted)
        rows.append([index, r.organ or "（未识别）", r.year, STATUS_LABEL[r.status],
                     len(r.errors), len(r.warnings), NOT_COUNTED if winner is not None else COUNTED,
                     *(figure_value(r, c) for c in figures), "；".join(n for n in notes if n), r.path])
    fixed = 7
    layout_rows = len(rows)
    totals: list = [None] * len(columns)
    in_total = [r for r, w in zip(results, winner_of, strict=True) if w is None]
    passed = sum(1 for r in in_total if r.status == "ok")
    to_fix = sum(1 for r in in_total if r.status in ("errors", "unreadable"))
    totals[0] = "合计"
    totals[1] = f"{len(in_total)} 份：{passed} 份通过，{to_fix} 份须改正"
    title = f"政府信息公开工作年度报告校验汇总：共 {len(results)} 份"
    if len(in_total) < len(results):
        title += f"（{len(results) - len(in_total)} 份重复，不计入合计）"
    layout = write_list(ws, title, columns, rows, totals=totals, freeze_columns=2)
    _total_formulas(ws, layout, first_col=5, last_col=fixed + len(figures), flag_col=fixed,
                    empty=layout_rows == 0)
    status_col = 4
    for offset, r in enumerate(results):
        ws.cell(layout.first_row + offset, status_col).fill = solid(STATUS_FILL[r.status])
    # 文件 is for the screen: the printed page ends with 说明
    ws.print_area = f"A1:{get_column_letter(len(columns) - 1)}{layout.total_row}"


def _total_formulas(ws: Worksheet, layout: ListLayout, first_col: int, last_col: int,
                    flag_col: int, empty: bool) -> None:
    """Sums over the rows marked 计入合计 = 是 (duplicates are listed but not added twice)."""
    flags = f"${get_column_letter(flag_col)}${layout.first_row}:" \
            f"${get_column_letter(flag_col)}${layout.last_row}"
    for col in range(first_col, last_col + 1):
        if col == flag_col:
            continue
        letter = get_column_letter(col)
        cell = ws.cell(layout.total_row, col)
        cell.value = 0 if empty else (f'=SUMIF({flags},"{COUNTED}",'
                                      f"{letter}{layout.first_row}:{letter}{layout.last_row})")


# --------------------------------------------------------------------------- 问题清单

FINDING_COLUMNS = [ListColumn(("机关",), 14), ListColumn(("年度",), 4.2, "center"),
                   ListColumn(("级别",), STATUS_WIDTH, "center"), ListColumn(("规则",), 16),
                   ListColumn(("位置",), 18), ListColumn(("问题说明",), 56.4),
                   ListColumn(("文件",), 18), ListColumn(("规则代码",), 16)]


def _findings(ws: Worksheet, results: Sequence[FileResult], spec: FormatSpec) -> None:
    rows = []
    fills = []
    for r in results:
        if r.unreadable:
            rows.append([r.organ, r.year, "无法使用", "", "", r.unreadable, r.path, ""])
            fills.append(ERROR_FILL)
        for f in r.findings:
            label = "已接受" if f.accepted else SEVERITY_LABEL[f.severity]
            rows.append([r.organ, r.year, label, rule_title(f.rule, spec), f.where, f.message,
                         r.path, f.rule])
            fills.append(None if f.accepted else
                         ERROR_FILL if f.severity == ERROR else WARNING_FILL)
    layout = write_list(ws, "问题清单", FINDING_COLUMNS, rows, freeze_columns=1)
    for offset, fill in enumerate(fills):
        if fill:
            ws.cell(layout.first_row + offset, 3).fill = solid(fill)


# --------------------------------------------------------------------------- 规则统计

RULE_COLUMNS = [ListColumn(("规则",), 40), ListColumn(("错误",), 6, "count"),
                ListColumn(("提醒",), 6, "count"), ListColumn(("涉及报告数",), 8, "count"),
                ListColumn(("规则代码",), 24)]


def _by_rule(ws: Worksheet, results: Sequence[FileResult], spec: FormatSpec) -> None:
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    files: dict[str, set[str]] = {}
    for r in results:
        for f in r.findings:
            if f.accepted:
                continue
            (errors if f.severity == ERROR else warnings)[f.rule] += 1
            files.setdefault(f.rule, set()).add(r.path)
    codes = sorted(files, key=lambda c: (-errors[c], -warnings[c], c))
    rows = [[rule_title(c, spec), errors[c], warnings[c], len(files[c]), c] for c in codes]
    layout = write_list(ws, "按规则统计（重复的报告只计入合计的一份）", RULE_COLUMNS, rows,
                        freeze_columns=1, landscape=False)
    if not codes:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = "各规则发现的错误和提醒"
    chart.y_axis.title = "处"
    chart.legend.position = "b"
    first, last = layout.first_row, layout.last_row
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=first - 1, max_row=last),
                   titles_from_data=True)
    for series, colour in zip(chart.series, (ERROR_FONT, WARNING_BAR), strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first rule at the top, as in the list
    chart.height, chart.width = max(7.5, 0.7 * len(codes) + 3), 16
    ws.add_chart(chart, f"A{last + 3}")
    ws.print_area = f"A1:{get_column_letter(len(RULE_COLUMNS))}{last + 3 + int(chart.height * 2.2)}"
