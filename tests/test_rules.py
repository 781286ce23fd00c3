"""Every rule: fires on a minimal wrong report at the right cell, silent on the right one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from giar_xl.findings import ERROR, WARNING
from giar_xl.model import ErrorValue
from giar_xl.rules import check_report
from giar_xl.rules.catalog import all_rules
from giar_xl.rules.narrative import chinese_number, stated_figures


def findings(report, previous=None, rule=None):
    found = check_report(report, previous)
    return [f for f in found if rule is None or f.rule == rule]


def only(report, rule, previous=None):
    [finding] = findings(report, previous, rule)
    return finding


def test_the_clean_report_has_no_findings(demo):
    assert findings(demo) == []


# --- types -------------------------------------------------------------------

@pytest.mark.parametrize("value,rule,seen", [
    ("两件", "type-text", "文字「两件」"),
    ("无", "type-text", "「无」"),
    ("/", "type-text", "不能填「/」"),
    (ErrorValue("#REF!"), "type-error-value", "#REF!"),
    (-2, "type-negative", "负数 -2"),
    (Decimal("1.5"), "type-fraction", "1.5"),
])
def test_bad_values_in_a_count_cell(demo, value, rule, seen):
    f = only(demo.with_values(req_new_natural=value), rule)
    assert (f.severity, f.sheet, f.cell, f.field) == (ERROR, "三、依申请公开", "D7", "req_new_natural")
    assert f.blocking
    assert seen in f.message


def test_slash_is_allowed_only_where_the_format_says_not_applicable(demo):
    assert findings(demo.with_values(pub_rules_issued="/")) == []
    assert only(demo.with_values(lit_review_upheld="/"), "type-text").cell == "A7"


def test_amount_decimals(demo):
    assert findings(demo.with_values(pub_fees_amount=Decimal("1.2345"))) == []
    f = only(demo.with_values(pub_fees_amount=Decimal("1.23456")), "type-decimals")
    assert (f.cell, f.actual, f.blocking) == ("B20", Decimal("1.23456"), False)


def test_year_out_of_range_and_bad_date(demo):
    assert only(demo.with_values(meta_year=25), "type-range").cell == "B4"
    assert only(demo.with_values(meta_date="明年"), "type-date").cell == "B5"
    assert findings(demo.with_values(meta_date=dt.date(2026, 1, 12))) == []


# --- completeness ------------------------------------------------------------

def test_blank_count_is_not_zero(demo):
    f = only(demo.with_values(req_partial_legal=None), "blank-number")
    assert (f.cell, f.expected, f.actual) == ("H10", "数字", "空白")
    assert "空白不等于 0" in f.message


def test_a_whole_blank_table_is_one_finding(demo):
    blank = {fid: None for fid in demo.spec.fields if fid.startswith("lit_")}
    f = only(demo.with_values(**blank), "blank-table")
    assert f.cell == "A7" and "15 格空白" in f.message


def test_required_narrative_missing_and_placeholder(demo):
    assert only(demo.with_values(nar_platform=None), "blank-text").cell == "B8"
    f = only(demo.with_values(nar_problems="无。"), "text-placeholder")
    assert (f.severity, f.cell) == (WARNING, "B4")


def test_optional_fields_may_stay_blank(demo):
    assert findings(demo.with_values(nar_preface=None, nar_overview=None, meta_date=None)) == []


# --- sum relations -------------------------------------------------------------

def test_row_total(demo):
    f = only(demo.with_values(req_new_total=3), "req-row-total")
    assert (f.cell, f.expected, f.actual) == ("J7", 2, 3)


def test_results_total(demo):
    # one more 予以公开 (row total kept right): （七）总计 is now short in two columns
    wrong = demo.with_values(req_open_natural=2, req_open_total=2)
    found = findings(wrong, rule="req-results-total")
    assert {(f.field, f.cell, f.expected, f.actual) for f in found} == {
        ("req_results_natural", "D30", 4, 3), ("req_results_total", "J30", 4, 3)}


def test_balance_one_plus_two_equals_three_plus_four(demo):
    wrong = demo.with_values(req_carried_out_natural=1, req_carried_out_total=1)
    found = findings(wrong, rule="req-balance")
    assert {(f.cell, f.expected, f.actual) for f in found} == {("D31", 0, 1), ("J31", 0, 1)}
    assert all("一 + 二 = 三（七）+ 四" in f.message for f in found)


@pytest.mark.parametrize("group", ["review", "direct", "after"])
def test_review_and_litigation_totals(demo, group):
    f = only(demo.with_values(**{f"lit_{group}_pending": 1}), f"lit-{group}-total")
    assert (f.field, f.expected, f.actual) == (f"lit_{group}_total", 1, 0)


def test_blank_terms_count_as_zero_and_are_named(demo):
    f = only(demo.with_values(req_new_natural=None), "req-row-total")
    assert "按 0 计算" in f.message and f.expected == 0


def test_invalid_terms_do_not_produce_sums(demo):
    assert [f.rule for f in findings(demo.with_values(req_new_natural="两"))] == ["type-text"]


def _within_year_relations(spec):
    return [r for r in spec.relations
            if all(spec.fields[fid].role == "report" for fid in r.fields)]


def test_every_single_change_to_a_related_count_is_found_at_a_cell_of_its_relation(demo):
    spec = demo.spec
    relations = _within_year_relations(spec)
    related = sorted({fid for r in relations for fid in r.fields})
    assert len(related) == 25 * 7 + 15  # every cell of tables 三 and 四
    for fid in related:
        found = findings(demo.with_values(**{fid: demo[fid] + 1}))
        cells = {spec.fields[x].cell for r in relations if fid in r.fields for x in r.fields}
        assert any(f.severity == ERROR and f.cell in cells for f in found), \
            (fid, [(f.rule, f.cell) for f in found])


def test_every_single_change_to_table_two_is_found_against_last_year(demo):
    last = demo.with_values(meta_year=2024)
    for row, cell in (("rules", "D6"), ("normdocs", "D7")):
        for col in ("issued", "repealed", "effective"):
            fid = f"pub_{row}_{col}"
            found = findings(demo.with_values(**{fid: demo[fid] + 1}), last,
                             "pub-effective-continuity")
            assert [(f.cell, f.severity) for f in found] == [(cell, WARNING)], fid


# --- across years --------------------------------------------------------------

def _last_year(demo):
    """A 2024 report this year's demo follows on from (its 结转下年度 is 2025's 上年结转)."""
    texts = {f.id: f"2024 年：{demo[f.id]}" for f in demo.spec.fields.values()
             if f.type == "text" and f.long and demo[f.id]}
    return demo.with_values(meta_year=2024, req_carried_out_natural=1, req_carried_out_total=1,
                            req_carried_in_natural=0, req_carried_in_total=0,
                            req_new_natural=3, req_new_total=3, **texts)


def test_carried_in_must_equal_last_years_carried_out(demo):
    last = _last_year(demo).with_values(req_carried_out_natural=4, req_carried_out_total=4)
    found = findings(demo, last, "req-carried-in")
    assert {(f.cell, f.expected, f.actual) for f in found} == {("D8", 4, 1), ("J8", 4, 1)}
    assert findings(demo, _last_year(demo)) == []


def test_effective_documents_continue_from_last_year(demo):
    last = _last_year(demo).with_values(pub_normdocs_effective=5)
    changed = demo.with_values(pub_normdocs_issued=2)  # 5 + 2 - 0 = 7, but 0 is reported
    f = only(changed, "pub-effective-continuity", last)
    assert (f.severity, f.cell, f.expected, f.actual) == (WARNING, "D7", 7, 0)


def test_workbook_own_previous_figures_are_used_without_a_previous_file(demo):
    f = only(demo.with_values(req_prev_out_natural=5), "req-carried-in")
    assert (f.cell, f.expected, f.actual) == ("D8", 5, 1)


def test_copied_tables_and_texts(demo):
    same = demo.with_values(meta_year=2024)
    assert only(demo, "prev-copied", same).severity == WARNING
    texts = {f.rule for f in findings(demo, same, "prev-copied-text")}
    assert texts == {"prev-copied-text"}
    assert findings(demo, _last_year(demo), "prev-copied") == []


def test_previous_report_of_the_wrong_year_or_organ(demo):
    wrong = _last_year(demo).with_values(meta_year=2023, meta_org="北社乡人民政府")
    assert only(demo, "prev-year", wrong).expected == 2024
    assert only(demo, "prev-organ", wrong).actual == "北社乡人民政府"


# --- narrative and plausibility ------------------------------------------------

def test_narrative_figures_must_match_the_tables(demo):
    text = "2025 年度，我镇共收到政府信息公开申请 5 件以及上年结转政府信息公开申请 1 件，已全部办理。"
    f = only(demo.with_values(nar_request=text), "narrative-mismatch")
    assert (f.severity, f.cell, f.expected, f.actual) == (WARNING, "B6", 2, 5)
    assert "收到政府信息公开申请 5 件" in f.message


@pytest.mark.parametrize("text,claims", [
    ("共收到政府信息公开申请 2 件以及上年结转政府信息公开申请 1 件",
     {"新收政府信息公开申请": 2, "上年结转申请": 1}),
    ("本年度共受理政府信息公开申请0件。", {"新收政府信息公开申请": 0}),
    ("全年未收到政府信息公开申请。", {"新收政府信息公开申请": 0}),
    ("收到申请两件，结转下年度办理一件。", {"新收政府信息公开申请": 2, "结转下年度办理": 1}),
    ("未发生因政府信息公开引起的行政复议、行政诉讼。", {"行政复议": 0, "行政诉讼": 0}),
    ("被申请行政复议 3 起，提起行政诉讼十二件。", {"行政复议": 3, "行政诉讼": 12}),
    ("及时答复申请人，办结申请 4 件。", {}),
])
def test_stated_figures(text, claims):
    assert {c.name: n for c, n, _s in stated_figures(text)} == claims


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("7", "两", "十", "十二", "二十三", "一百零五", "x")] == [
        7, 2, 10, 12, 23, 105, None]


def test_fee_statement_is_required_in_section_six(demo):
    f = only(demo.with_values(nar_other="本报告电子版可从网站下载。"), "fee-not-stated")
    assert (f.severity, f.cell) == (WARNING, "B4")
    assert findings(demo.with_values(nar_other="本年度未收取信息处理费。")) == []


def test_pending_and_withheld_need_an_explanation(demo):
    pending = demo.with_values(req_new_natural=3, req_new_total=3, req_carried_out_natural=1,
                               req_carried_out_total=1,
                               nar_request="共收到申请 3 件，上年结转 1 件。")
    assert only(pending, "plaus-pending").cell == "J31"
    explained = pending.with_values(nar_request="收到申请 3 件，其中 1 件尚在办理，结转下年度。")
    assert findings(explained, rule="plaus-pending") == []
    withheld = demo.with_values(req_open_natural=0, req_open_total=0, req_wh_secret_natural=1,
                                req_wh_secret_total=1)
    assert only(withheld, "plaus-withheld").cell == "B6"


def test_every_catalogued_rule_is_exercised_by_a_test(spec):
    """A new rule code without a test here (or in test_reader.py) fails this test."""
    import pathlib
    sources = "".join(p.read_text(encoding="utf-8")
                      for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    untested = [r.code for r in all_rules(spec) if f'"{r.code}"' not in sources]
    assert untested == []
