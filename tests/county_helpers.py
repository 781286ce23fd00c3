"""A small county for the roster tests: a roster of 12 organs and a folder of reports.

The folder holds twelve files: ten organs' reports that count (workbooks and published
text, names written in the variants reviewers meet), one later copy of an organ's report
(a duplicate) and one report whose organ name matches nobody on the roster; two organs
of the roster sent nothing.  One report was published late.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from giar_xl.export import export_report
from giar_xl.workbook.build import write_workbook

ROSTER = [  # 机关名称, 所属区域, 类别
    ("北留镇人民政府", "东片", "乡镇/街道"),
    ("西河乡人民政府", "东片", "乡镇/街道"),
    ("南岭镇人民政府", "东片", "乡镇/街道"),
    ("城关街道办事处", "西片", "乡镇/街道"),
    ("石门乡人民政府", "西片", "乡镇/街道"),
    ("马村镇人民政府", "西片", "乡镇/街道"),
    ("陵川县财政局", "县直", "县直部门"),
    ("陵川县教育局", "县直", "县直部门"),
    ("陵川县民政局", "县直", "县直部门"),
    ("陵川县自然资源局（林业局）", "县直", "县直部门"),
    ("陵川县卫生健康委员会", "县直", "县直部门"),
    ("陵川县审计局", "县直", "县直部门"),
]
MISSING = ("马村镇人民政府", "陵川县审计局")
LATE = "陵川县民政局"
DUPLICATED = "西河乡人民政府"
UNMATCHED_NAME = "陵川县统计局"  # not on the roster: listed, never guessed

# file name -> (organ as written in the report, figures, 发布日期, format)
ON_TIME = dt.date(2026, 1, 20)
REPORTS = {
    "01.xlsx": ("北留镇人民政府", 3, ON_TIME, "xlsx"),
    "02.xlsx": ("西河乡", 5, ON_TIME, "xlsx"),  # no 「人民政府」
    "03.txt": ("南嶺鎮人民政府", 7, ON_TIME, "txt"),  # traditional characters
    "04.xlsx": ("城关街道", 2, ON_TIME, "xlsx"),  # no 「办事处」
    "05.xlsx": ("石门乡人民政府", 4, ON_TIME, "xlsx"),
    "06.txt": ("财政局", 11, ON_TIME, "txt"),  # without the county's name
    "07.xlsx": ("县教育局", 6, ON_TIME, "xlsx"),  # 「县」 for the county's name
    "08.xlsx": ("陵川县民政局", 8, dt.date(2026, 2, 15), "xlsx"),  # late
    "09.xlsx": ("陵川县自然资源局(林业局)", 9, ON_TIME, "xlsx"),  # half-width brackets
    "10.txt": ("陵川县卫生健康委员会", 10, ON_TIME, "txt"),
    "11.xlsx": ("西河乡人民政府", 12, dt.date(2026, 1, 25), "xlsx"),  # a later copy of 02
    "12.xlsx": (UNMATCHED_NAME, 13, ON_TIME, "xlsx"),
}
COUNTED = [n for n in REPORTS if n not in ("02.xlsx", "12.xlsx")]


def list_rows(ws) -> list[dict]:
    """The items of a list sheet (giar_xl.workbook.listing) keyed by their header path,
    「·」-joined as in 「三、依申请公开·本年新收申请」; the items start at the frozen row."""
    first = ws[ws.freeze_panes].row
    merged = {}
    for cells in ws.merged_cells.ranges:
        for row, col in ((r, c) for r in range(cells.min_row, cells.max_row + 1)
                         for c in range(cells.min_col, cells.max_col + 1)):
            merged[(row, col)] = ws.cell(cells.min_row, cells.min_col).value
    labels = []
    for col in range(1, ws.max_column + 1):
        path: list[str] = []
        for row in range(2, first):
            value = merged.get((row, col), ws.cell(row, col).value)
            if value and (not path or path[-1] != value):
                path.append(value)
        labels.append("·".join(path))
    return [dict(zip(labels, r, strict=True)) for r in ws.iter_rows(min_row=first, values_only=True)]


def write_roster_csv(path: Path, encoding: str = "utf-8-sig") -> Path:
    lines = ["机关名称,所属区域,类别", *(",".join(row) for row in ROSTER)]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def write_county(folder: Path, demo) -> Path:
    """The twelve report files in ``folder`` (the duplicate modified last)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, (name, (organ, licenses, published, fmt)) in enumerate(REPORTS.items()):
        report = demo.with_values(meta_org=organ, meta_date=published,
                                  pub_license_decisions=licenses,
                                  pub_penalty_decisions=licenses * 2)
        path = folder / name
        if fmt == "xlsx":
            write_workbook(path, report=report)
        else:
            export_report(report, path)
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    return folder
