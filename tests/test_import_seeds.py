"""Importing the two real published reports: 北留镇 (clean) and 北社乡 (damaged by PDF extraction)."""

from __future__ import annotations

import re

import pytest
from conftest import BEILIU_SEED as BEILIU
from conftest import BEISHE_SEED as BEISHE

from giar_xl.check import check_file
from giar_xl.importer import import_report
from giar_xl.rules import check_report
from giar_xl.workbook.build import write_workbook
from giar_xl.workbook.reader import read_workbook

pytestmark = pytest.mark.seeds


def _squashed(value):
    return None if value is None else re.sub(r"\s+", "", str(value))


@pytest.fixture(scope="module")
def beiliu():
    return import_report(BEILIU)


@pytest.fixture(scope="module")
def beishe():
    return import_report(BEISHE)


# --------------------------------------------------------------------------- 北留镇

def test_beiliu_imports_with_no_findings(beiliu):
    assert beiliu.findings == ()
    assert beiliu.report.unreadable == frozenset()
    assert (beiliu.report.org, beiliu.report.year) == ("北留镇人民政府", 2025)


def test_beiliu_tables_are_exactly_the_printed_figures(beiliu, demo, spec):
    tables = [fid for fid, f in spec.fields.items() if f.table]
    assert {fid: beiliu.report[fid] for fid in tables} == {fid: demo[fid] for fid in tables}
    assert beiliu.report["req_results_total"] == 3 and beiliu.report["pub_license_decisions"] == 99


def test_beiliu_narratives_are_passages_of_the_published_text(beiliu, spec):
    """Every required text is read, each is one passage of the report as printed."""
    markdown = BEILIU.read_text(encoding="utf-8")
    printed = _squashed(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", re.sub(r"[#*]", "", markdown)))
    for fid, f in spec.fields.items():
        if f.type == "text" and f.long:
            text = beiliu.report[fid]
            assert text or not f.required, fid
            assert text is None or _squashed(text) in printed, fid
    assert "473 条" in beiliu.report["nar_active"]
    assert beiliu.report["nar_problems"].count("\n") >= 8  # (一) and (二), each with its items


def test_beiliu_figures_point_at_their_source_line(beiliu):
    assert beiliu.report.origin("req_results_total") == "第 80 行：(七) 总计 3 0 0 0 0 0 3"
    assert beiliu.report.origin("lit_after_total").startswith("第 88 行：0 0 0")
    assert beiliu.report.origin("meta_org") == (
        "第 3 行、第 5 行：北留镇人民政府 / 2025 年政府信息公开工作年度报告")


def test_beiliu_passes_the_checker(beiliu):
    assert [f for f in check_report(beiliu.report) if f.severity == "error"] == []


def test_beiliu_round_trips_through_a_workbook(beiliu, tmp_path):
    path = write_workbook(tmp_path / "imported.xlsx", report=beiliu.report)
    again = read_workbook(path)
    assert again.findings == ()
    assert again.report == beiliu.report


# --------------------------------------------------------------------------- 北社乡

def _by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_beishe_organ_year_and_signing_date(beishe):
    report = beishe.report
    assert (report.org, report.year) == ("北社乡人民政府", 2025)
    assert str(report["meta_date"]) == "2026-01-12"
    assert report.origin("meta_date") == "第 96 行：2026年1月12日"
    assert report["nar_other"] == "无。"  # the 落款 is not part of section 六
    assert report["nar_preface"].startswith("根据《中华人民共和国政府信息公开条例》")
    assert report["nar_overview"].startswith("2025 年，北社乡以习近平")
    assert "公正、合法、便民" in report["nar_overview"]  # a sentence the PDF broke in two
    assert report["nar_active"].startswith("2025年，全乡进一步加大主动公开力度")


def test_beishe_typo_in_a_column_label(beishe):
    [typo] = _by_rule(beishe, "import-column-label")
    assert typo.severity == "warning"
    assert typo.field == "pub_rules_repealed"
    assert (typo.expected, typo.actual) == ("本年废止件数", "本年度止件 数")
    assert typo.source.startswith("第 26 行：")


GARBLED = {  # row -> source line of its figures
    "wh_safety": 51,  # 「危及“三全稳”」: PDF garbling of 三安全一稳定
    "wh_third": 52, "wh_internal": 55, "wh_process": 56, "wh_case": 57, "wh_query": 58,
    "nf_absent": 59, "nf_create": 60, "nf_unclear": 61, "nh_petition": 63, "nh_repeat": 64,
    "nh_publication": 65, "nh_massive": 66, "nh_confirm": 67, "ot_overdue": 68,
}


def test_beishe_each_garbled_row_label_is_one_warning_at_its_row(beishe):
    warnings = _by_rule(beishe, "import-row-label")
    assert {f.field: f.source.split("：")[0] for f in warnings} == {
        f"req_{row}_natural": f"第 {line} 行" for row, line in GARBLED.items()}
    assert all(f.severity == "warning" for f in warnings)
    split = next(f for f in warnings if f.field == "req_wh_third_natural")
    assert "拆在两行" in split.message and "第 54 行" in split.source
    scrambled = next(f for f in warnings if f.field == "req_wh_internal_natural")
    assert "顺序错乱" in scrambled.message and scrambled.expected == "5.属于三类内部事务信息"


def test_beishe_truncated_table_three_reports_its_missing_rows_once(beishe, spec):
    [missing] = _by_rule(beishe, "import-row-missing")  # the four rows after （六）1.: one run
    assert missing.field == "req_ot_unpaid_natural" and missing.severity == "error"
    assert "的 4 行" in missing.message and "四、结转下年度继续办理" in missing.message
    assert "第 68 行" in missing.source
    for row in ("ot_unpaid", "ot_other", "results", "carried_out"):
        fields = {f"req_{row}_{c.id}" for c in spec.tables["req"].column_leaves()}
        assert fields <= beishe.report.unreadable
        assert all(beishe.report[fid] is None for fid in fields)


def test_beishe_missing_table_four_is_one_finding(beishe, spec):
    [missing] = _by_rule(beishe, "import-table-missing")
    assert missing.field == "lit_review_upheld" and missing.severity == "error"
    lit = {f.id for f in spec.report_fields() if f.table == "lit"}
    assert lit <= beishe.report.unreadable


def test_beishe_has_no_other_import_findings(beishe):
    assert sorted({f.rule for f in beishe.findings}) == [
        "import-column-label", "import-row-label", "import-row-missing", "import-table-missing"]
    assert len(beishe.findings) == 1 + len(GARBLED) + 1 + 1


def test_beishe_every_legible_figure_is_read_exactly(beishe, spec):
    readable = [f for f in spec.report_fields()
                if f.table and f.id not in beishe.report.unreadable]
    assert len(readable) == 10 + 21 * 7  # table 二, and table 三 down to （六）1.
    assert all(beishe.report[f.id] == 0 for f in readable)
    assert beishe.report.origin("req_nh_repeat_total") == "第 64 行：2. 重申复请 0 0 0 0 0 0 0"


def test_beishe_section_six_reduced_to_none_gets_the_fee_warning(beishe):
    findings = check_report(beishe.report)
    fee = [f for f in findings if f.rule == "fee-not-stated"]
    assert len(fee) == 1 and fee[0].field == "nar_other" and fee[0].source.startswith("第 92 行")
    # unread fields are skipped by the rules: no sum errors over the missing rows
    assert not [f for f in findings if f.rule.startswith("req-")]


def test_beishe_checks_directly_as_a_published_report():
    result = check_file(BEISHE)
    assert result.status == "errors" and result.organ == "北社乡人民政府"
    assert any(f.rule == "import-table-missing" for f in result.errors)
