"""``giar-xl summary``: one workbook summarising many organs' checks for a county reviewer.

Sheets: 汇总 (one row per report: organ, year, status, counts, key figures,
and a totals row), 问题清单 (every finding), 规则统计 (findings by rule, with
a bar chart of errors).  The key figures are columns derived from the format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .fileio import atomic_save
from .findings import ERROR, SEVERITY_LABEL, FileResult
from .rules.catalog import rule_info
from .spec import FormatSpec, load_spec
from .workbook.design import ERROR_FILL, HEADER_FILL, OK_FILL, WARNING_FILL
from .workbook.styles import solid
from .workbook.textcells import put

STATUS_LABEL = {"ok": "通过", "warnings": "有提醒", "errors": "有错误", "unreadable": "无法使用"}
STATUS_FILL = {"ok": OK_FILL, "warnings": WARNING_FILL, "errors": ERROR_FILL,
               "unreadable": ERROR_FILL}
REQ_ROWS_BEFORE = ("new", "carried_in", "open", "partial")
REQ_GROUPS = ("withheld", "unavailable", "not_handled", "other_handling")
REQ_ROWS_AFTER = ("results", "carried_out")


@dataclass(frozen=True)
class FigureColumn:
    header: str
    fields: tuple[str, ...]  # the column shows their sum


def figure_columns(spec: FormatSpec) -> list[FigureColumn]:
    """The key figures of a report, as summary columns (labels from the format)."""
    active = spec.section("active").tables
    columns = [FigureColumn(f"{f.row_path[-1]}·{f.column_path[-1]}", (f.id,))
               for f in spec.report_fields() if f.table in active]
    req = spec.tables["req"]

    def req_column(row_id: str, rows: Sequence[str]) -> FigureColumn:
        label = req.row_header(row_id).label
        return FigureColumn(f"依申请·{label}", tuple(req.field_id(r, "total") for r in rows))

    columns += [req_column(r, [r]) for r in REQ_ROWS_BEFORE]
    columns += [req_column(g, req.rows_under(g)) for g in REQ_GROUPS]
    columns += [req_column(r, [r]) for r in REQ_ROWS_AFTER]
    review = spec.section("review").tables
    totals = [rel.anchor for rel in spec.relations if rel.table in review]
    columns += [FigureColumn("·".join(spec.fields[fid].column_path), (fid,)) for fid in totals]
    return columns


def write_summary(results: Sequence[FileResult], out: str | Path,
                  spec: FormatSpec | None = None, *, overwrite: bool = False) -> Path:
    spec = spec or load_spec()
    wb = Workbook()
    _overview(wb.active, results, figure_columns(spec))
    _findings(wb.create_sheet("问题清单"), results)
    _by_rule(wb.create_sheet("规则统计"), results, spec)
    return atomic_save(wb, out, overwrite)


def _figure(result: FileResult, column: FigureColumn):
    values = [result.figures.get(fid) for fid in column.fields]
    if not values or any(not isinstance(v, (int, Decimal)) or isinstance(v, bool) for v in values):
        return None  # blank or invalid in the report: no figure rather than a wrong one
    return sum(values)


def _overview(ws: Worksheet, results: Sequence[FileResult], columns: list[FigureColumn]) -> None:
    ws.title = "汇总"
    fixed = ["序号", "机关", "年度", "状态", "错误", "提醒", "已接受提醒"]
    headers = fixed + [c.header for c in columns] + ["文件", "说明"]
    _append(ws, [f"政府信息公开工作年度报告校验汇总：共 {len(results)} 份"])
    _append(ws, headers)
    organs = Counter((r.organ, r.year) for r in results if r.organ)
    for index, r in enumerate(results, start=1):
        note = r.reason or ""
        if r.organ and organs[(r.organ, r.year)] > 1:
            note = "；".join(p for p in (note, "同一机关同一年度有多份报告") if p)
        _append(ws, [index, r.organ or "（未识别）", r.year, STATUS_LABEL[r.status], len(r.errors),
                   len(r.warnings), len(r.accepted), *(_figure(r, c) for c in columns),
                   r.path, note])
        ws.cell(ws.max_row, 4).fill = solid(STATUS_FILL[r.status])
    first, last = 3, ws.max_row
    total_row = ["合计", f"{sum(1 for r in results if r.status == 'ok')} 份通过", None,
                 f"{sum(1 for r in results if r.status in ('errors', 'unreadable'))} 份须改正"]
    _append(ws, total_row + [None] * (len(headers) - len(total_row)))
    for col in range(5, len(fixed) + len(columns) + 1):
        letter = get_column_letter(col)
        ws.cell(ws.max_row, col, f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
    _tabulate(ws, len(headers), widths={2: 22, 4: 9, len(headers) - 1: 40, len(headers): 30})
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C3"


def _findings(ws: Worksheet, results: Sequence[FileResult]) -> None:
    _append(ws, ["问题清单"])
    _append(ws, ["机关", "年度", "级别", "规则", "位置", "问题说明", "文件"])
    for r in results:
        if r.unreadable:
            _append(ws, [r.organ, r.year, "无法使用", "", "", r.unreadable, r.path])
        for f in r.findings:
            label = "已接受" if f.accepted else SEVERITY_LABEL[f.severity]
            _append(ws, [r.organ, r.year, label, f.rule, f.where, f.message, r.path])
    _tabulate(ws, 7, widths={1: 22, 4: 24, 5: 22, 6: 80, 7: 40})
    ws.freeze_panes = "A3"


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
    _append(ws, ["按规则统计"])
    _append(ws, ["规则", "说明", "错误", "提醒", "涉及报告数"])
    for code in sorted(files, key=lambda c: (-errors[c], -warnings[c], c)):
        _append(ws, [code, _title(code, spec), errors[code], warnings[code], len(files[code])])
    _tabulate(ws, 5, widths={1: 26, 2: 36})
    if len(files):
        chart = BarChart()
        chart.type = "bar"
        chart.title = "各规则发现的错误数"
        chart.y_axis.title = "错误数"
        chart.legend = None
        data = Reference(ws, min_col=3, min_row=2, max_row=ws.max_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=ws.max_row))
        chart.height, chart.width = max(7.5, 0.6 * len(files) + 3), 18
        ws.add_chart(chart, "G2")


def _title(code: str, spec: FormatSpec) -> str:
    try:
        return rule_info(code, spec).title
    except KeyError:
        return ""


def _append(ws: Worksheet, values: Sequence) -> None:
    """``ws.append``, with every text stored as text (a name starting with ``=`` is no formula)."""
    ws.append([put(Cell(ws), value) for value in values])


def _tabulate(ws: Worksheet, n_columns: int, widths: dict[int, float]) -> None:
    ws["A1"].font = Font(bold=True, size=13)
    for col in range(1, n_columns + 1):
        header = ws.cell(2, col)
        header.font = Font(bold=True)
        header.fill = solid(HEADER_FILL)
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 11)
    ws.row_dimensions[2].height = 45
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
