"""Kinds of published reports beyond the field cases, built here from the exported demo text:
page furniture around the title, no title line, marks instead of figures, and reports
that cite the wrong basis or use an earlier format's headings."""

from __future__ import annotations

import datetime as dt

import pytest

from giar_xl.check import check_result
from giar_xl.importer import import_text_content
from giar_xl.importer.labels import tidy

TITLE = "北留镇人民政府2025年政府信息公开工作年度报告"
PREFACE = ("根据《中华人民共和国政府信息公开条例》规定，现向社会公布北留镇人民政府2025年政府信息公开工作"
           "年度报告。本年度报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。")


@pytest.fixture(scope="module")
def text(demo, tmp_path_factory):
    from giar_xl.export import export_report

    dated = demo.with_values(meta_date=dt.date(2026, 1, 12), nar_preface=PREFACE)
    path = export_report(dated, tmp_path_factory.mktemp("kinds") / "年报.txt")
    content = path.read_text(encoding="utf-8")
    assert content.startswith(TITLE) and content.count(PREFACE) == 1
    return content


def imported(text: str, *replacements: tuple[str, str]):
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return import_text_content(text, source="年报.txt")


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


def test_the_exported_text_imports_cleanly(text):
    result = imported(text)
    assert result.findings == ()
    assert (result.report.org, result.report.year) == ("北留镇人民政府", 2025)


@pytest.mark.parametrize("furniture", [
    "当前位置：首页 > 政府信息公开 > 政府信息公开年报\n"
    "索引号：11140000/2026-00012\t发布机构：北留镇人民政府\n"
    "发布日期：2026-01-20    字号：【大 中 小】\n标题：" + TITLE,
    "https://www.example.gov.cn/zwgk/ndbg/2025/post_123456.html\nPage 1 - " + TITLE,
    "首页 > 信息公开 > 年报\n" + TITLE
    + "\n发布时间：2026-01-20 来源：北留镇人民政府 浏览次数：128\n【打印】【关闭】",
])
def test_page_furniture_around_the_title(text, furniture):
    result = imported(text, (TITLE, furniture))
    assert (result.report.org, result.report.year) == ("北留镇人民政府", 2025)
    assert result.findings == ()
    assert result.report["nar_preface"] == PREFACE  # the metadata is not the preface


@pytest.mark.parametrize("organ", ["（阳城县）卫生健康局", "阳城县委机构编制委员会办公室（县编办）",
                                   "(阳城县)卫生健康局"])
def test_an_organ_name_that_begins_or_ends_with_a_bracket_keeps_it(text, organ):
    result = imported(text, ("北留镇人民政府2025年", organ + "2025年"),
                      ("北留镇人民政府2025年", organ + "2025年"))  # the title and the preface
    assert result.report.org == tidy(organ)


@pytest.mark.parametrize("metadata", ["发布日期：2026-03-05", "发布时间：2026年3月5日 来源：北留镇人民政府",
                                      "发布日期：\t2026/3/5"])
def test_without_a_signing_date_the_portals_publication_date_counts(text, metadata):
    """A page whose report ends without a 落款 date still states when it was published: that
    date is the 发布日期 (here late), not 「未填发布日期」."""
    result = imported(text, (TITLE, f"首页 > 信息公开 > 年报\n{metadata}\n{TITLE}"),
                      ("北留镇人民政府\n2026年1月12日", "北留镇人民政府"))
    assert result.report["meta_date"] == dt.date(2026, 3, 5)
    checked = {f.rule for f in check_result(result, "年报.txt").findings}
    assert "date-late" in checked and "date-missing" not in checked
    assert result.report.origin("meta_date").endswith(metadata.replace("\t", " "))


def test_page_numbers_inside_the_text_are_dropped(text):
    result = imported(text, ("（二）依申请公开\n", "— 1 —\n\n（二）依申请公开\n"),
                      ("二、主动公开政府信息情况\n", "第 2 页 共 6 页\n二、主动公开政府信息情况\n"))
    assert result.findings == ()
    assert "— 1 —" not in result.report["nar_active"]


def test_no_title_year_from_the_statistics_period_organ_from_the_text(text):
    result = imported(text, (TITLE + "\n", ""), ("北留镇人民政府\n2026年1月12日", ""))
    report = result.report
    assert (report.org, report.year) == ("北留镇人民政府", 2025)
    assert report.origin("meta_year").startswith("第 2 行：根据《中华人民共和国政府信息公开条例》")
    assert "import-title" not in rules(result)


def test_no_title_year_from_the_signing_date_organ_from_the_signature(text):
    result = imported(text, (TITLE + "\n", ""), (PREFACE, "本报告由本机关办公室编制。"))
    report = result.report
    assert (report.org, report.year) == ("北留镇人民政府", 2025)  # signed 2026-01-12
    assert report.origin("meta_year").endswith("2026年1月12日")
    assert "import-title" not in rules(result)


def test_no_title_and_nothing_that_states_the_year_reports_only_the_year(text):
    result = imported(text, (TITLE + "\n", ""), (PREFACE, "本报告由本机关办公室编制。"),
                      ("2026年1月12日", ""))
    [finding] = [f for f in result.findings if f.rule == "import-title"]
    assert finding.field == "meta_year" and "年度" in finding.message
    assert "机关名称" not in finding.message
    assert result.report.org == "北留镇人民政府"


@pytest.mark.parametrize("mark", ["—", "-", "/", "无", "空"])
@pytest.mark.parametrize("separator", ["\t", " ", " | "])
def test_marks_in_place_of_figures_are_kept_as_printed(text, mark, separator):
    row = separator.join(["规章", mark, mark, mark])
    result = imported(text, ("规章\t0\t0\t0", row))
    report = result.report
    assert [report[f"pub_rules_{c}"] for c in ("issued", "repealed", "effective")] == [mark] * 3
    assert not {"pub_rules_issued", "pub_rules_effective"} & report.unreadable
    assert result.findings == ()  # judging a mark is the rules' job, at its cell
    assert report["pub_normdocs_issued"] == 0


def test_a_blank_printed_cell_is_blank(text):
    result = imported(text, ("行政规范性文件\t0\t0\t0", "行政规范性文件\t0\t\t0"))
    report = result.report
    assert (report["pub_normdocs_issued"], report["pub_normdocs_effective"]) == (0, 0)
    assert report["pub_normdocs_repealed"] is None and "pub_normdocs_repealed" not in report.unreadable


@pytest.mark.parametrize("cited,expected", [
    ("国办发〔2021〕30号", "文号有误"),
    ("国办公开办函〔2019〕60号", "已废止"),
    ("国办公开办函[2019]60号", "已废止"),
])
def test_a_wrong_or_superseded_basis_is_a_warning_naming_it(text, cited, expected):
    result = imported(text, ("根据《中华人民共和国政府信息公开条例》规定",
                             f"根据《中华人民共和国政府信息公开条例》和{cited}规定"))
    [finding] = [f for f in result.findings if f.rule == "import-basis"]
    assert finding.severity == "warning" and expected in finding.message
    assert "国办公开办函〔2021〕30号" in finding.message
    assert finding.source.startswith("第 3 行：")
    assert len(result.findings) == 1


def test_the_right_basis_written_loosely_is_no_finding(text):
    result = imported(text, ("根据《中华人民共和国政府信息公开条例》规定",
                             "根据《条例》和国办公开办函（2021）30 号规定"))
    assert result.findings == ()


def test_a_pre_2019_section_heading_is_a_warning_naming_it(text):
    result = imported(text, ("六、其他需要报告的事项",
                             "六、政府信息公开的收费及减免情况\n\n本机关未收费。\n\n七、其他需要报告的事项"))
    basis = [f for f in result.findings if f.rule == "import-basis"]
    assert len(basis) == 1 and "政府信息公开的收费及减免情况" in basis[0].message
    assert basis[0].severity == "warning" and "2019 年以前" in basis[0].message
    assert result.report["req_results_total"] == 3  # the figures are read all the same


def test_a_report_with_marks_stays_auditable(text, tmp_path):
    from giar_xl.check import check_file

    path = tmp_path / "年报.txt"
    path.write_text(text.replace("规章\t0\t0\t0", "规章\t—\t无\t/"), encoding="utf-8")
    result = check_file(path)
    assert result.status == "errors"
    assert {f.cell for f in result.errors if f.rule.startswith("type-")} == {"B6", "C6"}


@pytest.mark.parametrize("header", ["行政复议\t\t\t\t\t行", "行政复议"])
def test_a_broken_header_of_table_four_is_not_a_row_without_figures(text, header):
    """A header line cut short above table 四's 15 figures was read as the 行政复议 part with
    no figures: 5 cells 'unreadable' that the figure line had filled (found by hypothesis)."""
    result = imported(text, ("行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t", header))
    assert rules(result) == []
    assert result.report.unreadable == frozenset()
    assert result.report["lit_review_total"] == 0


def test_every_cell_of_a_run_of_missing_rows_is_marked(text, spec):
    from giar_xl.marks import plan_marks

    result = imported(text, ("\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0\n", ""),
                      ("\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n", ""))
    [missing] = [f for f in result.findings if f.rule == "import-row-missing"]
    assert missing.cells == ("D17:J18",)
    marked = {m.cell for m in plan_marks(result.findings, spec).marks if m.sheet == missing.sheet}
    assert len(marked) == 14 and {"D17", "J17", "D18", "J18"} <= marked
