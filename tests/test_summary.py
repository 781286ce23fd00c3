"""giar-xl summary: one row per report, totals, findings list, rule chart; check's exit codes;
duplicates counted once; pages that print on A4 at 9 pt."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from county_helpers import list_rows
from render_helpers import glyph_heights, page_texts

from giar_xl.cli import main
from giar_xl.findings import FileResult
from giar_xl.office import convert
from giar_xl.summary import counted, figure_columns, overview_columns, short_label
from giar_xl.workbook.listing import printable_width_mm, printed_width_mm


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


def items(ws, spec) -> list[dict]:
    """The rows of 汇总 keyed by column label (the figures by their full header path)."""
    labels = ["·".join(c.path) for c in overview_columns(figure_columns(spec))]
    first = next(r for r in range(1, 10) if ws.cell(r, 1).value == 1)
    rows = []
    for values in ws.iter_rows(min_row=first, values_only=True):
        rows.append(dict(zip(labels, values, strict=True)))
    return rows


@pytest.fixture(scope="module")
def summary_of_county(tmp_path_factory, demo_xlsx):
    tmp = tmp_path_factory.mktemp("summary")
    out = tmp / "汇总.xlsx"
    result = run("summary", county(tmp, demo_xlsx), "-o", out)
    return result, out


def test_summary_workbook(summary_of_county, spec):
    result, out = summary_of_county
    assert result.exit_code == 2, result.output  # one file is unusable
    assert "3 份报告" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单", "规则统计"]
    rows = items(wb["汇总"], spec)
    assert [(r["机关"], r["状态"]) for r in rows[:3]] == [
        ("乙镇人民政府", "有错误"), ("（未识别）", "无法使用"), ("北留镇人民政府", "通过")]
    beiliu = rows[2]
    assert beiliu["三、依申请公开·本年新收申请"] == 2
    assert beiliu["三、依申请公开·本年度办理结果·无法提供"] == 2
    assert beiliu["二、主动公开·规章·本年制发"] == 0
    assert beiliu["四、复议诉讼·行政复议"] == 0
    assert rows[0]["错误"] == 2 and "不是 Excel" in rows[1]["说明"]
    total = rows[3]
    assert total["序号"] == "合计" and total["错误"] == '=SUMIF($G$5:$G$7,"是",E5:E7)'
    findings = wb["问题清单"]
    first = next(findings.iter_rows(min_row=3, max_row=3, values_only=True))
    assert first[:4] == ("乙镇人民政府", 2025, "错误", "总计 = 自然人 + 法人或其他组织各栏")
    assert first[-1] == "req-row-total"  # the code, in its own narrow column
    rules = {r[-1]: r for r in wb["规则统计"].iter_rows(min_row=3, values_only=True)}
    assert rules["req-row-total"][:4] == ("总计 = 自然人 + 法人或其他组织各栏", 1, 0, 1)
    chart = wb["规则统计"]._charts[0]
    assert len(chart.series) == 2  # errors and warnings, by rule (named in Chinese)


def test_figure_columns_come_from_the_format(spec):
    columns = figure_columns(spec)
    headers = [c.header for c in columns]
    assert len(headers) == len(set(headers)) == 10 + 10 + 3
    withheld = next(c for c in columns if c.path[-1] == "不予公开")
    assert withheld.path == ("三、依申请公开", "本年度办理结果", "不予公开")
    assert len(withheld.fields) == 8
    assert next(c for c in columns if c.kind == "amount").path[-1] == "行政事业性收费（万元）"


def test_short_labels_drop_ordinals_remarks_and_the_obvious():
    assert short_label("一、本年新收政府信息公开申请数量") == "本年新收申请"
    assert short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert short_label("现行有效件数") == "现行有效"
    assert short_label("四、结转下年度继续办理") == "结转下年度继续办理"


# --------------------------------------------------------------------------- duplicates

def _result(path, organ="北留镇人民政府", year=2025, published=None):
    return FileResult(path=str(path), organ=organ, year=year, published=published)


def test_the_later_copy_counts_by_publication_date_else_by_file_time(tmp_path):
    old, new = tmp_path / "旧.xlsx", tmp_path / "新.xlsx"
    for path, when in ((old, 1_700_000_000), (new, 1_700_100_000)):
        path.write_bytes(b"x")
        os.utime(path, (when, when))
    assert counted([_result(new), _result(old)]) == [None, 0]
    # dates decide when every copy has one, whatever the files' times
    assert counted([_result(new, published=dt.date(2026, 1, 10)),
                    _result(old, published=dt.date(2026, 1, 20))]) == [1, None]
    # one undated copy: fall back to the file times
    assert counted([_result(new), _result(old, published=dt.date(2026, 1, 20))]) == [None, 0]
    # one organ written two ways, without a roster: still one organ (「西河乡」 = 「西河乡人民政府」)
    assert counted([_result(old, organ="西河乡"), _result(new, organ="西河乡人民政府")]) == [1, None]
    assert counted([_result(old, organ="西河乡"), _result(new, organ="东河乡")]) == [None, None]
    # other organs, other years, unidentified reports are never duplicates
    assert counted([_result(old), _result(new, year=2024), _result(old, organ=""),
                    _result(new, organ="")]) == [None] * 4


def test_duplicates_are_listed_but_added_once(tmp_path, demo_xlsx, spec):
    for name, when in (("a.xlsx", 1_700_000_000), ("b.xlsx", 1_700_100_000)):
        shutil.copy(demo_xlsx, tmp_path / name)
        os.utime(tmp_path / name, (when, when))
    out = tmp_path / "out" / "汇总.xlsx"
    assert run("summary", tmp_path, "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["汇总"]
    a, b, total = items(ws, spec)
    assert (a["计入合计"], b["计入合计"]) == ("否", "是")
    assert a["说明"] == "重复，以序号 2 为准" and b["说明"] == "有重复，以本行为准"
    assert total["三、依申请公开·本年新收申请"].startswith('=SUMIF($G$5:$G$6,"是",')
    assert "1 份重复" in ws["A1"].value


# --------------------------------------------------------------------------- printing

def test_every_sheet_prints_a4_one_page_wide_with_its_header_repeated(summary_of_county):
    _result_, out = summary_of_county
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert str(setup.paperSize) == ws.PAPERSIZE_A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows, ws.title
        assert ws.freeze_panes and ws.auto_filter.ref, ws.title
        assert ws.oddFooter.center.text
        assert ws.page_margins.bottom - ws.page_margins.footer >= 0.4  # the footer fits
        fonts = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(fonts) >= 9, ws.title
    overview = wb["汇总"]
    assert overview.page_setup.orientation == "landscape"
    assert overview.print_title_rows == "$2:$4"  # the three header rows
    assert overview.freeze_panes == "C5"
    assert overview.auto_filter.ref.startswith("A4:")
    headers = [c for row in overview.iter_rows(min_row=2, max_row=4) for c in row if c.value]
    assert all(c.alignment.wrap_text for c in headers)


def test_the_printed_columns_fit_the_page_at_full_size(spec):
    printed = overview_columns(figure_columns(spec))[:-1]  # 文件 is for the screen
    assert printed_width_mm(printed) <= printable_width_mm(landscape=True)


@pytest.mark.libreoffice
def test_libreoffice_prints_it_at_nine_points_one_page_wide(summary_of_county, tmp_path):
    """Rendered by a real program: no text below 9 pt, no sheet split across pages sideways."""
    _result_, out = summary_of_county
    pdf = convert(out, "pdf", tmp_path)
    heights = glyph_heights(pdf)
    assert heights and min(heights) >= 8.9  # a 9 pt glyph box is 8.97 pt high
    pages = page_texts(pdf)
    assert len(pages) == 3  # one page per sheet: none is split sideways
    assert "序号" in pages[0] and "说明" in pages[0]  # first and last printed column of 汇总
    assert "机关" in pages[1] and "规则代码" in pages[1]
    assert "规则" in pages[2] and "涉及报告数" in pages[2]


def test_every_status_fits_its_column_on_one_line(spec):
    """「无法使用」 was printed as 「无法使 / 用」 in 汇总, 问题清单 and 名录核对."""
    from giar_xl.county.display import ORGAN_STATUS
    from giar_xl.county.sheets import ORGAN_COLUMNS
    from giar_xl.summary import FINDING_COLUMNS, STATUS_LABEL, overview_columns
    from giar_xl.workbook.listing import lines_of, printable_width_mm, printed_width_mm

    status = {c.path: c for c in overview_columns(figure_columns(spec))}[("状态",)]
    level = {c.path: c for c in FINDING_COLUMNS}[("级别",)]
    organ = {c.path: c for c in ORGAN_COLUMNS}[("状态",)]
    for label in (*STATUS_LABEL.values(), *ORGAN_STATUS.values()):
        assert lines_of(label, status.width) == lines_of(label, level.width) == 1, label
        assert lines_of(label, organ.width) == 1, label
    assert printed_width_mm(FINDING_COLUMNS) <= printable_width_mm(landscape=True)
    assert printed_width_mm(overview_columns(figure_columns(spec))[:-1]) <= printable_width_mm()


def test_an_earlier_summary_left_among_the_reports_is_named_not_read_as_a_report(tmp_path):
    """A reviewer writes 汇总.xlsx / 汇总.html into the reports folder and runs check again:
    both are said to be giar-xl's own summary (not a report with 60 findings)."""
    from giar_xl.demo import demo_report
    from giar_xl.workbook.build import write_workbook

    folder = tmp_path / "各单位"
    write_workbook(folder / "北留镇.xlsx", report=demo_report())
    result = run("summary", folder, "-o", folder / "汇总.xlsx", "--html", folder / "汇总.html")
    assert result.exit_code == 0, result.output
    result = run("check", folder, "--json")
    files = {Path(f["path"]).name: f for f in json.loads(result.output)["files"]}
    for name in ("汇总.xlsx", "汇总.html"):
        assert files[name]["status"] == "unreadable"
        assert "giar-xl summary 生成的" in files[name]["reason"], files[name]
    assert files["北留镇.xlsx"]["status"] == "ok"


def test_rule_counts_take_each_organ_once(tmp_path):
    """Two copies of one organ's report with the same wrong total: 问题清单 lists both, the
    rule statistics count the copy that counts (as the 合计 row does)."""
    from giar_xl.findings import Finding
    from giar_xl.summary import write_summary

    wrong = Finding("req-row-total", "error", "…", sheet="三、依申请公开", cell="J7")
    old, new = tmp_path / "旧.txt", tmp_path / "新.txt"
    for path, when in ((old, 1_700_000_000), (new, 1_700_100_000)):
        path.write_bytes(b"x")
        os.utime(path, (when, when))
    results = [FileResult(str(old), (wrong,), organ="西河乡", year=2025),
               FileResult(str(new), (wrong,), organ="西河乡人民政府", year=2025)]
    wb = openpyxl.load_workbook(write_summary(results, tmp_path / "汇总.xlsx"))
    [rule] = list_rows(wb["规则统计"])
    assert (rule["错误"], rule["涉及报告数"]) == (1, 1)
    assert len([r for r in list_rows(wb["问题清单"]) if r["规则代码"] == "req-row-total"]) == 2
