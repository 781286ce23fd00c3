"""giar-xl summary: one row per report, totals, findings list, rule chart; check's exit codes."""

from __future__ import annotations

import shutil

import openpyxl
from click.testing import CliRunner

from giar_xl.cli import main
from giar_xl.summary import figure_columns


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def county(tmp_path, demo_xlsx):
    folder = tmp_path / "县"
    for town in ("甲镇", "乙镇"):
        (folder / town).mkdir(parents=True)
    shutil.copy(demo_xlsx, folder / "甲镇" / "2025年报.xlsx")
    bad = folder / "乙镇" / "2025年报.xlsx"
    shutil.copy(demo_xlsx, bad)
    wb = openpyxl.load_workbook(bad)
    wb["封面"]["B3"] = "乙镇人民政府"
    wb["三、依申请公开"]["J7"] = 3
    wb.save(bad)
    (folder / "乙镇" / "旧报告.xlsx").write_bytes(b"not a workbook")
    return folder


def test_summary_workbook(tmp_path, demo_xlsx, spec):
    out = tmp_path / "汇总.xlsx"
    result = run("summary", county(tmp_path, demo_xlsx), "-o", out)
    assert result.exit_code == 2, result.output  # one file is unusable
    assert "3 份报告" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单", "规则统计"]
    ws = wb["汇总"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, r, strict=True))
            for r in ws.iter_rows(min_row=3, max_row=5, values_only=True)]
    assert [(r["机关"], r["状态"]) for r in rows] == [
        ("乙镇人民政府", "有错误"), ("（未识别）", "无法使用"), ("北留镇人民政府", "通过")]
    assert rows[2]["依申请·一、本年新收政府信息公开申请数量"] == 2
    assert rows[2]["依申请·（四）无法提供"] == 2
    assert rows[2]["规章·本年制发件数"] == 0
    assert rows[2]["行政复议·总计"] == 0
    assert rows[0]["错误"] == 2 and "不是 Excel" in rows[1]["说明"]
    total = [c.value for c in ws[6]]
    assert total[0] == "合计" and total[header.index("错误")] == "=SUM(E3:E5)"
    findings = list(wb["问题清单"].iter_rows(min_row=3, values_only=True))
    assert ("乙镇人民政府", 2025, "错误", "req-row-total") == findings[0][:4]
    rules = {r[0]: r for r in wb["规则统计"].iter_rows(min_row=3, values_only=True)}
    assert rules["req-row-total"][2:] == (1, 0, 1)
    assert wb["规则统计"]._charts  # the bar chart of errors by rule


def test_figure_columns_come_from_the_format(spec):
    headers = [c.header for c in figure_columns(spec)]
    assert len(headers) == len(set(headers)) == 10 + 10 + 3
    assert "依申请·（三）不予公开" in headers
    withheld = next(c for c in figure_columns(spec) if c.header == "依申请·（三）不予公开")
    assert len(withheld.fields) == 8


def test_duplicate_reports_of_one_organ_are_pointed_out(tmp_path, demo_xlsx):
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copy(demo_xlsx, tmp_path / name)
    out = tmp_path / "out" / "汇总.xlsx"
    assert run("summary", tmp_path, "-o", out).exit_code == 0
    notes = [r[-1] for r in openpyxl.load_workbook(out)["汇总"].iter_rows(min_row=3, max_row=4,
                                                                          values_only=True)]
    assert notes == ["同一机关同一年度有多份报告"] * 2
