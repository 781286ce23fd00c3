"""County review: roster, name matching, per-organ findings, roll-up, score, summary --roster."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from county_helpers import (
    COUNTED,
    DUPLICATED,
    LATE,
    MISSING,
    REPORTS,
    ROSTER,
    UNMATCHED_NAME,
    list_rows,
    write_county,
    write_roster_csv,
)
from openpyxl.utils import get_column_letter, range_boundaries
from render_helpers import glyph_heights, page_texts

from giar_xl.check import check_file
from giar_xl.cli import main
from giar_xl.county.display import organ_lines
from giar_xl.county.matching import AMBIGUOUS, MATCHED, UNMATCHED, match_names
from giar_xl.county.review import review_county
from giar_xl.county.roster import Roster, RosterEntry, read_roster
from giar_xl.county.scoring import load_weights, score
from giar_xl.errors import InputError
from giar_xl.findings import FileResult, Finding
from giar_xl.office import convert
from giar_xl.organ_names import name_key
from giar_xl.summary import figure_columns, figure_value
from giar_xl.workbook.listing import MM_PER_UNIT, printable_width_mm


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ------------------------------------------------------------------ names and matching

ENTRIES = Roster((RosterEntry("北留镇人民政府", "陵川县"), RosterEntry("财政局", "陵川县"),
                  RosterEntry("财政局", "高平市"), RosterEntry("城区街道办事处"),
                  RosterEntry("陵川县城市管理局"), RosterEntry("县教育局")))


@pytest.mark.parametrize(("written", "entry"), [
    ("北留镇人民政府", 0), ("北留镇", 0), ("北留鎮人民政府", 0), (" 北留镇 人民政府 ", 0),
    ("陵川县财政局", 1), ("高平市财政局", 2), ("城区街道", 3), ("城市管理局", 4),
    ("陵川县教育局", 5), ("教育局", 5), ("（陵川县）城市管理局", 4), ("(陵川县)财政局", 1),
    ("北留镇人民政府（本级）", 0), ("陵川县教育局（县语委办公室）", 5)])
def test_name_variants_find_their_organ(written, entry):
    [match] = match_names(ENTRIES, [written])
    assert (match.status, match.entry) == (MATCHED, entry)


def test_ties_and_strangers_are_not_guessed():
    ambiguous, stranger, typo = match_names(ENTRIES, ["财政局", "西河乡人民政府", "北流镇人民政府"])
    assert ambiguous.status == AMBIGUOUS and ambiguous.candidates == (1, 2)
    assert stranger.status == UNMATCHED and typo.status == UNMATCHED


def test_an_unreadable_file_is_placed_by_its_file_name_not_guessed(spec, tmp_path):
    """A scanned, encrypted or empty file names no organ itself: its file name places it,
    so the organ is 无法使用 (and scored so), not 缺报; a file name that fits two organs, or
    states another year, is listed, not guessed."""
    roster = Roster((RosterEntry("固隆乡人民政府"), RosterEntry("白桑乡人民政府"),
                     RosterEntry("北留镇人民政府"), RosterEntry("财政局", "陵川县"),
                     RosterEntry("财政局", "高平市")))
    scanned = tmp_path / "北留镇2025年报（扫描件）.pdf"
    readable = tmp_path / "北留镇人民政府年报.docx"
    for path, when in ((readable, 1_000_000), (scanned, 2_000_000)):  # the scan is the later file
        path.write_bytes(b"x")
        os.utime(path, (when, when))
    results = [FileResult(str(readable), organ="北留镇人民政府", year=2025),
               FileResult(str(scanned), unreadable="这个 PDF 是扫描件"),
               FileResult("固隆乡年报.txt", unreadable="文件是空的"),
               FileResult("财政局年报（加密）.pdf", unreadable="PDF 文件设有密码"),
               FileResult("白桑乡2024年报.pdf", unreadable="PDF 文件设有密码")]
    review = review_county(results, spec, roster)
    status = {o.entry.name: (o.status, o.counted, o.score.points) for o in review.organs}
    assert status["固隆乡人民政府"] == ("unreadable", 2, 40)
    assert status["北留镇人民政府"] == ("ok", 0, 95)  # the readable copy counts, a duplicate
    assert status["白桑乡人民政府"][0] == "missing"
    assert [(p.index, p.kind) for p in review.problems] == [(1, "duplicate"), (3, "unnamed"),
                                                            (4, "other-year")]
    forced = review_county(results, spec, roster, year=2024)  # --year: 固隆乡年报 was sent with 2025
    assert [o.entry.name for o in forced.organs if not o.missing] == ["白桑乡人民政府"]
    line = organ_lines(review)[0]
    assert line.reported_as == "（按文件名）固隆乡年报.txt"
    assert (line.status_text, line.errors, line.warnings) == ("无法使用", None, None)  # not 「0」


def test_name_key_ignores_width_brackets_and_traditional_forms():
    assert name_key("陵川縣自然資源局（林業局）") == name_key("陵川县自然资源局(林业局)")
    assert name_key("ＡＢ局") == name_key("AB局")


# ------------------------------------------------------------------ roster files

def test_roster_from_csv_in_gbk_and_from_the_template(tmp_path):
    roster = read_roster(write_roster_csv(tmp_path / "名录.csv", encoding="gb18030"))
    assert [(e.name, e.region, e.kind) for e in roster.entries] == ROSTER
    assert roster.regions == ["东片", "西片", "县直"] and roster.kinds == ["乡镇/街道", "县直部门"]

    template = tmp_path / "名录.xlsx"
    result = run("roster-template", "-o", template)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["名录", "填写说明"]
    assert [c.value for c in wb["名录"][1]] == ["机关名称", "所属区域", "类别"]
    assert "giar-xl summary" in "".join(str(r[0]) for r in wb["填写说明"].iter_rows(values_only=True))
    for row in ROSTER:
        wb["名录"].append(row)
    wb.save(template)
    assert read_roster(template).entries == roster.entries
    assert run("roster-template", "-o", template).exit_code == 2  # never replaced unasked


@pytest.mark.parametrize(("text", "message"), [
    ("名称,区域\n", "没有任何机关"),
    ("序号,单位\n1,北留镇\n", "没有「机关名称」"),
    ("机关名称,所属区域\n北留镇人民政府,东片\n北留镇人民政府,东片\n", "第 2 行和第 3 行"),
    ("机关名称,所属区域\n北留镇人民政府,东片\n西河乡,东片\n北留镇,东片\n",
     "第 2 行和第 4 行是同一个机关（「北留镇人民政府」与「北留镇」是同一机关的两种写法）"),
])
def test_roster_problems_are_named(tmp_path, text, message):
    path = tmp_path / "名录.csv"
    path.write_text(text, encoding="utf-8")
    if message == "没有「机关名称」":
        path.write_text("序号,地区\n1,东片\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_roster(path)


def test_roster_header_may_stand_below_a_title_and_use_other_words(tmp_path):
    path = tmp_path / "名录.csv"
    path.write_text("陵川县2025年应报机关\n\n单位名称,区域,类型\n北留镇人民政府,东片,乡镇/街道\n",
                    encoding="utf-8")
    assert read_roster(path).entries == (RosterEntry("北留镇人民政府", "东片", "乡镇/街道", 4),)


# ------------------------------------------------------------------ score

def test_score_weights_are_data_and_applied_once_per_finding(spec):
    weights = load_weights()
    assert weights.full == 100 and {i.id for i in weights.items} >= {"missing", "late", "copied"}
    relation = Finding("req-row-total", "error", "…")
    late = Finding("date-late", "warning", "…")
    other = Finding("fee-not-stated", "warning", "…")
    accepted = Finding("plaus-pending", "warning", "…", accepted="已说明")
    points = score([relation] * 20 + [late, other, accepted], spec)
    taken = {d.item.id: d.points for d in points.deductions}
    assert taken == {"late": 10, "arithmetic": 30, "warning": Decimal("0.5")}  # 20 × 3 capped at 30
    assert points.points == Decimal("59.5")
    assert score([], spec, missing=True).points == 0
    no_last_year = Finding("prev-not-found", "warning", "…")  # the reviewer's folder lacks it
    assert score([no_last_year], spec).points == 100


# ------------------------------------------------------------------ the acceptance case

@pytest.fixture(scope="module")
def county(tmp_path_factory):
    from giar_xl.demo import demo_report

    root = tmp_path_factory.mktemp("county")
    write_county(root / "2025年各单位", demo_report())
    write_roster_csv(root / "名录.csv")
    return root


def test_roster_summary_lists_exactly_the_missing_late_duplicate_and_unmatched(county, tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = run("summary", county / "2025年各单位", "--roster", county / "名录.csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert "应报 12 个机关，已报 10，缺报 2，" in result.output
    assert "重复 1；未计入的文件 2 份" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["名录核对", "未对应文件", "分区汇总"]
    rows = list_rows(wb["名录核对"])
    by_name = {r["机关名称"]: r for r in rows}
    assert len(rows) == 12
    assert sorted(n for n, r in by_name.items() if r["状态"] == "缺报") == sorted(MISSING)
    assert [n for n, r in by_name.items() if r["重复"]] == [DUPLICATED]
    assert by_name[DUPLICATED]["重复"] == "2 份，以「汇总」序号 11 为准"  # the later file counts
    assert by_name["南岭镇人民政府"]["报告中的名称"] == "南嶺鎮人民政府"
    problems = list_rows(wb["未对应文件"])
    assert [(p["汇总序号"], p["报告中的机关"]) for p in problems] == [(2, "西河乡"), (12, UNMATCHED_NAME)]
    assert "名录中没有" in problems[1]["原因"]


def test_rollup_totals_are_the_sums_of_the_counted_reports(county, spec):
    folder = county / "2025年各单位"
    results = [check_file(folder / name) for name in REPORTS]
    review = review_county(results, spec, read_roster(county / "名录.csv"))
    counted = [r for r in results if r.path.endswith(tuple(COUNTED))]
    assert len(counted) == 10
    columns = figure_columns(spec)
    total = review.rollup.total
    for i, column in enumerate(columns):
        assert total.figures[i] == sum(figure_value(r, column) for r in counted), column.header
        assert sum(g.figures[i] for g in review.rollup.regions) == total.figures[i]
        assert sum(g.figures[i] for g in review.rollup.kinds) == total.figures[i]
    licences = next(i for i, c in enumerate(columns) if c.fields == ("pub_license_decisions",))
    assert total.figures[licences] == sum(REPORTS[n][1] for n in COUNTED)
    assert [(g.label, g.organs, g.reported, g.missing) for g in review.rollup.regions] == [
        ("东片", 3, 3, 0), ("西片", 3, 2, 1), ("县直", 6, 5, 1)]
    assert (total.organs, total.reported) == (12, 10)


def test_the_late_report_is_listed_and_loses_points(county, tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = run("summary", county / "2025年各单位", "--roster", county / "名录.csv", "-o", out)
    assert "缺报 2，逾期 1，重复 1" in result.output
    wb = openpyxl.load_workbook(out)
    late = [r for r in list_rows(wb["名录核对"]) if r["逾期"] and r["逾期"].startswith("是")]
    assert [r["机关名称"] for r in late] == [LATE]
    assert late[0]["逾期"] == "是（2026-02-15）" and late[0]["得分"] == 90
    rollup = {(r["分组"], r["名称"]): r for r in list_rows(wb["分区汇总"])}
    assert rollup[("合计", "全部机关")]["机关·逾期"] == 1
    assert rollup[("区域", "县直")]["机关·逾期"] == 1 and rollup[("区域", "东片")]["机关·逾期"] == 0


def test_the_summary_sheet_counts_the_same_duplicate_out(county, tmp_path):
    """Names written differently (西河乡 / 西河乡人民政府) are one organ with a roster:
    the 汇总 sheet's 计入合计 follows the roster review, not the spelling."""
    out = tmp_path / "汇总.xlsx"
    result = run("summary", county / "2025年各单位", "--roster", county / "名录.csv", "-o", out,
                 "--html", tmp_path / "网页")
    assert (tmp_path / "网页.html").is_file(), result.output  # the extension added
    rows = list_rows(openpyxl.load_workbook(out)["汇总"])
    notes = {r["机关"]: (r["计入合计"], r["说明"]) for r in rows if r["机关"] in ("西河乡", "西河乡人民政府")}
    assert notes == {"西河乡": ("否", "重复，以序号 11 为准"), "西河乡人民政府": ("是", "有重复，以本行为准")}


COUNTY_SHEETS = ("名录核对", "未对应文件", "分区汇总")


@pytest.fixture(scope="module")
def county_workbook(county, tmp_path_factory):
    out = tmp_path_factory.mktemp("county-summary") / "汇总.xlsx"
    result = run("summary", county / "2025年各单位", "--roster", county / "名录.csv", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def assert_prints_like_a_list_sheet(ws) -> None:
    """A4 landscape, one page wide at 100 % (the printed columns fit), 9 pt or more,
    header repeated, frozen and filtered (as the summary's own sheets)."""
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
    assert ws.print_title_rows and ws.freeze_panes and ws.auto_filter.ref, ws.title
    assert ws.page_margins.bottom - ws.page_margins.footer >= 0.4  # the footer fits
    assert min(c.font.sz for row in ws.iter_rows() for c in row if c.value is not None) >= 9
    _first, _top, last_col, _bottom = range_boundaries(ws.print_area.split("!")[-1])
    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, last_col + 1))
    assert width * MM_PER_UNIT <= printable_width_mm(landscape=True), ws.title


def test_county_sheets_print_like_the_summary(county_workbook):
    wb = openpyxl.load_workbook(county_workbook)
    for name in COUNTY_SHEETS:
        assert_prints_like_a_list_sheet(wb[name])


@pytest.mark.libreoffice
def test_libreoffice_prints_the_county_sheets_one_page_wide(county_workbook, tmp_path):
    pdf = convert(county_workbook, "pdf", tmp_path)
    heights = glyph_heights(pdf)
    assert heights and min(heights) >= 8.9  # a 9 pt glyph box is 8.97 pt high
    pages = page_texts(pdf)
    # each county sheet on one page, its first and last printed columns on it
    assert "序号" in pages[0] and "报告中的名称" in pages[0] and "马村镇人民政府" in pages[0]
    assert "报告中的机关" in pages[1] and "文件" in pages[1] and "陵川县统计局" in pages[1]
    assert "分组" in pages[2] and "行政诉讼" in pages[2] and "全部机关" in pages[2]
    assert "政府信息公开工作年度报告校验汇总" in pages[3]


def test_cross_year_continuity_of_region_totals(county, tmp_path, spec):
    last_year = tmp_path / "2024"
    shutil.copytree(county / "2025年各单位", last_year)
    for path in last_year.iterdir():  # last year's reports: same organs, year 2024
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            wb["封面"]["B4"] = 2024
            wb.save(path)
        else:
            path.write_text(path.read_text(encoding="utf-8").replace("2025", "2024"),
                            encoding="utf-8")
    (last_year / "10.txt").unlink()  # 陵川县卫生健康委员会 has no report of last year
    out = tmp_path / "汇总.xlsx"
    result = run("summary", county / "2025年各单位", "--roster", county / "名录.csv",
                 "--previous", last_year, "-o", out)
    assert result.exit_code in (0, 1), result.output
    rows = list_rows(openpyxl.load_workbook(out)["跨年度衔接"])
    total = next(r for r in rows if r["区域"] == "合计" and "上年结转" in r["跨年度关系"])
    # the demo carries 1 in and 0 out each year: 9 organs' 上年结转 against last year's 0; the
    # organ without last year's report is left out (it would only add a meaningless 1)
    assert [total[k] for k in ("本年合计", "按上年应为", "差额", "核对的机关",
                               "无上年报告")] == [9, 0, 9, 9, 1]
    assert_prints_like_a_list_sheet(openpyxl.load_workbook(out)["跨年度衔接"])


def test_readme_score_table_is_the_weights_file():
    from pathlib import Path

    from giar_xl.county.scoring import _show

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for item in load_weights().items:
        row = f"| {item.label} | {_show(item.points)}{'（每个）' if item.each else ''} | {_show(item.cap)} |"
        assert row in readme, row
