"""The roster review in the summary workbook: sheets 名录核对 (each organ), 未对应文件
(reports not counted for any organ, and why), 分区汇总 (the roll-up) and, with last year's
reports, 跨年度衔接.

They are placed before the summary's own sheets and are list sheets like them
(:mod:`giar_xl.workbook.listing`): A4 landscape, one page wide at 100 %, 9 pt, header
repeated on every page, frozen header, filters.  分区汇总 has the 汇总 sheet's figure
columns under the same grouped headers, one row per region and per kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..summary import STATUS_FILL, STATUS_WIDTH, figure_list_columns
from ..workbook.design import ERROR_FILL, WARNING_FILL
from ..workbook.listing import ListColumn, write_list
from ..workbook.styles import solid
from .display import organ_lines
from .review import MISSING, CountyReview
from .rollup import GroupTotals, Number

ORGAN_FILL = {MISSING: ERROR_FILL, **STATUS_FILL}
DIGIT_UNITS, NUMBER_MARGIN = 0.9, 1.2  # character units: a digit at 9 pt, room around a number


def add_county_sheets(wb: Workbook, review: CountyReview) -> None:
    """Add 名录核对, 未对应文件, 分区汇总 (and 跨年度衔接) in front of ``wb``'s sheets."""
    sheets = [_organs(wb.create_sheet("名录核对"), review)]
    if review.problems:
        sheets.append(_problems(wb.create_sheet("未对应文件"), review))
    sheets.append(_rollup(wb.create_sheet("分区汇总"), review))
    if review.rollup.has_previous:
        sheets.append(_continuity(wb.create_sheet("跨年度衔接"), review))
    for position, ws in enumerate(sheets):
        wb.move_sheet(ws, offset=position - wb.index(ws))
    wb.active = 0


def headline(review: CountyReview) -> str:
    organs = review.organs
    missing = sum(1 for o in organs if o.missing)
    year = f"{review.year} 年度" if review.year else ""
    return (f"{year}名录核对：应报 {len(organs)} 个机关，已报 {len(organs) - missing}，缺报 {missing}，"
            f"逾期 {len(review.late)}，重复 {len(review.with_duplicates)}；"
            f"未计入的文件 {len(review.problems)} 份")


# --------------------------------------------------------------------------- 名录核对

# 汇总序号: the organ's reports in the 汇总 sheet (the counted one first), where their
# files are named
ORGAN_COLUMNS = [ListColumn(("序号",), 3.2, "center"), ListColumn(("机关名称",), 20),
                 ListColumn(("所属区域",), 8), ListColumn(("类别",), 9),
                 ListColumn(("状态",), STATUS_WIDTH, "center"), ListColumn(("逾期",), 15),
                 ListColumn(("重复",), 13), ListColumn(("错误",), 4.2, "count"),
                 ListColumn(("提醒",), 4.2, "count"), ListColumn(("与上年重复率",), 6, "center"),
                 ListColumn(("得分",), 4.6, "amount"), ListColumn(("扣分",), 31.2),
                 ListColumn(("报告中的名称",), 14), ListColumn(("汇总序号",), 5, "center")]
STATUS_COL, LATE_COL, DUPLICATE_COL = 5, 6, 7


def _organs(ws: Worksheet, review: CountyReview) -> Worksheet:
    lines = organ_lines(review)
    rows = [[n.number, n.name, n.region, n.kind, n.status_text, n.late, n.duplicate,
             n.errors, n.warnings, n.copied, o.score.points, n.deductions, n.reported_as,
             "、".join(str(i + 1) for i in o.counted_first)]
            for n, o in zip(lines, review.organs, strict=True)]
    layout = write_list(ws, headline(review), ORGAN_COLUMNS, rows, freeze_columns=2)
    for offset, line in enumerate(lines):
        row = layout.first_row + offset
        ws.cell(row, STATUS_COL).fill = solid(ORGAN_FILL[line.status])
        if line.late:
            ws.cell(row, LATE_COL).fill = solid(WARNING_FILL)
        if line.duplicate:
            ws.cell(row, DUPLICATE_COL).fill = solid(WARNING_FILL)
    return ws


# --------------------------------------------------------------------------- 未对应文件

PROBLEM_COLUMNS = [ListColumn(("汇总序号",), 5, "center"), ListColumn(("报告中的机关",), 18),
                   ListColumn(("年度",), 4.2, "center"), ListColumn(("原因",), 60),
                   ListColumn(("文件",), 40)]


def _problems(ws: Worksheet, review: CountyReview) -> Worksheet:
    rows = [[p.index + 1, review.results[p.index].organ or "（未识别）", review.results[p.index].year,
             p.text, review.results[p.index].path] for p in review.problems]
    write_list(ws, f"未计入名录的文件：{len(rows)} 份（名称对应不上、对应到多个机关、年度不符或重复）",
               PROBLEM_COLUMNS, rows, freeze_columns=2)
    return ws


# --------------------------------------------------------------------------- 分区汇总

COUNT_COLUMNS = [ListColumn(("机关", "应报"), 4.2, "count"), ListColumn(("机关", "已报"), 4.2, "count"),
                 ListColumn(("机关", "缺报"), 4.2, "count"), ListColumn(("机关", "逾期"), 4.2, "count"),
                 ListColumn(("机关", "有错误"), 4.2, "count"),
                 ListColumn(("问题", "错误"), 4.2, "count"), ListColumn(("问题", "提醒"), 4.2, "count")]


def _counts(g: GroupTotals) -> list:
    return [g.organs, g.reported, g.missing, g.late, g.with_errors, g.errors, g.warnings]


def _rollup(ws: Worksheet, review: CountyReview) -> Worksheet:
    """One row per region, then per kind, then the grand total: counts and figure sums."""
    rollup = review.rollup
    groups = [("区域", g) for g in rollup.regions] + [("类别", g) for g in rollup.kinds]
    rows = [[by, g.label, *_counts(g), *g.figures] for by, g in groups]
    total = rollup.total
    totals = ["合计", "全部机关", *_counts(total), *total.figures]
    figures = [_wide_enough(c, [*(g.figures[i] for _by, g in groups), total.figures[i]])
               for i, c in enumerate(figure_list_columns(rollup.columns))]
    columns = [ListColumn(("分组",), 4.6, "center"), ListColumn(("名称",), 11), *COUNT_COLUMNS,
               *figures]
    write_list(ws, "分区汇总：各区域、各类别的机关数、问题数和主要数字之和"
                   "（每个机关只计一份报告，空白或无效的数字不计入）",
               columns, rows, totals=totals, freeze_columns=2)
    return ws


def _wide_enough(column: ListColumn, values: Sequence[Number | None]) -> ListColumn:
    """``column``, widened when a sum has more digits than it holds."""
    shown = [f"{v:,}" if isinstance(v, int) else str(v) for v in values if v is not None]
    needed = max((DIGIT_UNITS * len(text) + NUMBER_MARGIN for text in shown), default=0)
    if needed <= column.width:
        return column
    return ListColumn(column.path, round(needed, 1), column.kind)


# --------------------------------------------------------------------------- 跨年度衔接

CONTINUITY_COLUMNS = [ListColumn(("区域",), 10), ListColumn(("跨年度关系",), 40),
                      ListColumn(("核对的数字",), 30), ListColumn(("本年合计",), 6, "count"),
                      ListColumn(("按上年应为",), 6, "count"), ListColumn(("差额",), 6, "count"),
                      ListColumn(("核对的机关",), 7, "count"),
                      ListColumn(("无上年报告",), 7, "count")]


def _continuity(ws: Worksheet, review: CountyReview) -> Worksheet:
    rollup = review.rollup
    rows = [[g.label, c.title, c.anchor, c.actual, c.expected, c.difference,
             g.compared, g.this_year_only]
            for g in (*rollup.regions, rollup.total) for c in g.continuity]
    write_list(ws, "跨年度衔接：按区域合计核对两年都有报告的机关（缺一年报告的机关不计入；"
                   "各机关自己的衔接问题见「问题清单」）",
               CONTINUITY_COLUMNS, rows, freeze_columns=1)
    return ws
