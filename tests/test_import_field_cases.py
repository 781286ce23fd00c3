"""Every field case of ../shared/field-cases reads as its README says.

Each file there is the smallest input of one kind of layout that published
reports break importers with; the expected values are what a careful reviewer
reads on the page.  The files are fragments (a title and one section), so the
sections they do not print are reported missing — that is right and not what
these tests are about.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import FIELD_CASES

from giar_xl.check import check_file
from giar_xl.importer import import_report

pytestmark = pytest.mark.field_cases


def case(name: str):
    return import_report(FIELD_CASES / name)


def by_rule(result, rule: str) -> list:
    return [f for f in result.findings if f.rule == rule]


def table_of(spec, finding) -> str | None:
    return spec.fields[finding.field].table if finding.field else None


def values(result, *fields):
    return tuple(result.report[f] for f in fields)


PUB20_1 = ("pub_rules_issued", "pub_rules_repealed", "pub_rules_effective",
           "pub_normdocs_issued", "pub_normdocs_repealed", "pub_normdocs_effective")


def test_01_pipe_rows_without_a_leading_bar(spec):
    result = case("min_01_pipe_rows_without_leading_bar.txt")
    assert values(result, *PUB20_1) == (0, 0, 0, 2, 1, 5)
    assert result.report["pub_license_decisions"] == 12
    missing = {table_of(spec, f) for f in by_rule(result, "import-table-missing")}
    assert not missing & {"pub20_1", "pub20_5"}
    assert not by_rule(result, "import-row-unmatched") + by_rule(result, "import-row-label")


def test_02_one_cell_per_line_with_trailing_bars():
    result = case("min_02_vertical_cells_trailing_bar.txt")
    assert result.report["pub_license_decisions"] == 182
    assert result.report["pub_fees_amount"] == Decimal("18.8710")
    assert not [f for f in result.findings
                if f.rule in ("import-row-label", "import-column-label", "import-row-figures")]
    assert result.report.origin("pub_license_decisions") == "第 8–9 行：行政许可 182"


def test_03_table_four_as_three_sub_tables(spec):
    result = case("min_03_table4_three_subtables.md")
    lit = [f.id for f in spec.report_fields() if f.table == "lit"]
    assert [result.report[f] for f in lit] == [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]
    assert not [f for f in result.findings if table_of(spec, f) == "lit" or f.field is None]
    checked = check_file(FIELD_CASES / "min_03_table4_three_subtables.md")
    assert not [f for f in checked.findings if f.field and table_of(spec, f) == "lit"]


def test_04_parts_of_section_one_in_the_organs_own_words():
    result = case("min_04_creative_subheadings.txt")
    report = result.report
    assert report["nar_active"] == "全年主动公开政府信息20条。"
    assert report["nar_request"] == "全年收到政府信息公开申请2件。"
    assert report["nar_management"] == "落实三级审核制度。"
    assert report["nar_platform"] == "定期维护门户网站栏目。"
    assert report["nar_oversight"] == "全年未发生责任追究情况。"
    assert not by_rule(result, "import-narrative-missing")


def test_04_a_part_that_really_is_missing_is_a_warning():
    text = (FIELD_CASES / "min_04_creative_subheadings.txt").read_text(encoding="utf-8")
    text = text.replace("（四）加强平台建设，扩展公开渠道\n定期维护门户网站栏目。\n", "")
    from giar_xl.importer import import_text_content

    result = import_text_content(text)
    [missing] = by_rule(result, "import-narrative-missing")
    assert missing.field == "nar_platform" and missing.severity == "warning"
    assert result.report["nar_oversight"] == "全年未发生责任追究情况。"


def test_05_blank_requester_columns_are_blank_cells_not_findings(spec):
    result = case("min_05_blank_legal_person_columns.html")
    report = result.report
    row = [f"req_new_{c}" for c in ("natural", "business", "research", "nonprofit", "legal",
                                    "other", "total")]
    assert [report[f] for f in row] == [3, None, None, None, None, None, 3]
    assert not set(row) & report.unreadable  # printed blank: the rules judge them
    assert not [f for f in result.findings if f.field in row]  # no finding per cell here


def test_05_blanks_are_reported_once_per_row():
    result = check_file(FIELD_CASES / "min_05_blank_legal_person_columns.html")
    blanks = [f for f in result.findings if f.rule == "blank-number"]
    assert 0 < len(blanks) <= 2  # rows 一 and 二 of table 三


def test_06_traditional_characters_read_as_simplified(spec):
    result = case("min_06_traditional_characters.txt")
    assert values(result, *PUB20_1) == (0, 0, 0, 2, 1, 5)
    report = result.report
    assert report["nar_active"] == "本年主动公开政府信息10条。"
    assert report.origin("pub_normdocs_issued") == "第 9 行：行政規範性文件 2 1 5"  # as printed
    assert not by_rule(result, "import-row-unmatched")
    missing = [f for f in by_rule(result, "import-table-missing")
               if table_of(spec, f) == "pub20_5"]
    assert missing and "二、主動公開政府信息情況" in missing[0].source


def test_07_table_two_in_the_2019_layout_is_named_not_misread(spec):
    result = case("min_07_table2_template_2019.txt")
    [obsolete] = by_rule(result, "import-obsolete-table")
    assert obsolete.severity == "error" and "国办公开办函〔2019〕60号" in obsolete.message
    assert "本年新制作数量" in obsolete.message and obsolete.source.startswith("第 4 行")
    table_two = [f.id for f in spec.report_fields() if f.table in spec.section("active").tables]
    assert all(result.report[f] is None for f in table_two)
    assert set(table_two) <= result.report.unreadable
    others = [f for f in result.findings if f is not obsolete and f.field in table_two]
    assert others == []


def test_08_a_cut_line_at_the_end_of_section_two_is_not_table_three(spec):
    result = case("min_08_section2_fragment_taken_as_table3.txt")
    [stray] = by_rule(result, "import-row-unmatched")
    assert stray.severity == "warning" and stray.source == "第 6 行：其他对"
    req = [f for f in result.findings if table_of(spec, f) == "req"]
    assert [f.rule for f in req] == ["import-table-missing"]
    assert result.report["pub_license_decisions"] == 0


def test_10_a_long_line_before_the_title():
    result = case("min_10_long_first_line.txt")
    assert (result.report.org, result.report.year) == ("某镇人民政府", 2023)
    assert not by_rule(result, "import-title")
    assert result.report["nar_active"] == "全年主动公开政府信息10条。"
