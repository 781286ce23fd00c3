"""Every rule: fires on a minimal wrong report at the right cell, silent on the right one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import last_years_texts

from giar_xl.findings import ERROR, WARNING
from giar_xl.model import ErrorValue
from giar_xl.rules import check_report
from giar_xl.rules.catalog import all_rules
from giar_xl.rules.crossyear import copied_share
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
    assert not f.blocking  # an error at its cell: the rest of the report is still checked
    assert seen in f.message
    # the sums it stops are named once, in this finding: J7 (row total) and D31 (一+二=三+四)
    assert "此格改正前，涉及的 2 个合计（J7、D31）无法核对" in f.message


@pytest.mark.parametrize("value,typed", [("0", "0"), ("3", "3"), ("０", "0"), (" １２ ", "12")])
def test_digits_stored_as_text_say_so_and_how_to_retype(demo, value, typed):
    # A cell formatted as 文本 (or an apostrophe, or full-width digits) holds text that looks
    # like a number: telling the clerk 「没有的填 0」 after they typed 0 helps nobody.
    f = only(demo.with_values(req_new_natural=value), "type-text")
    assert "是文字，不是数字" in f.message and f"重新输入 {typed}。" in f.message
    assert "没有的填" not in f.message


def test_text_in_the_year_asks_for_a_year_not_for_zero(demo):
    f = only(demo.with_values(meta_year="二〇二五"), "type-text")
    assert "年份数字，如 2025" in f.message and "没有的填 0" not in f.message


def test_a_bad_cell_does_not_stop_the_other_rules(demo):
    found = findings(demo.with_values(req_new_natural="无", lit_review_total=3, nar_platform=None))
    # (表四's one sum cannot tell which of its five cells is wrong: sum-candidates lists them)
    assert sorted(f.rule for f in found) == ["blank-text", "lit-review-total", "sum-candidates",
                                             "type-text"]


def test_a_row_block_of_the_same_marker_is_one_finding(demo):
    dashes = {f"req_{row}_{col}": "—" for row in ("new", "carried_in")
              for col in ("business", "research", "nonprofit", "legal", "other")}
    [f] = findings(demo.with_values(**dashes))
    assert (f.rule, f.cell, f.cells, f.actual) == ("type-text", "E7", ("E7:I8",), "—")
    assert "（E7:I8，共 10 格）填的是「—」" in f.message
    assert "「商业企业」至「其他」5 栏" in f.message
    # a single one stays a finding of its own cell; 「/」 where allowed is no finding at all
    assert only(demo.with_values(req_new_business="—"), "type-text").cells == ()
    assert findings(demo.with_values(pub_rules_issued="/", pub_normdocs_issued="/")) == []


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
    assert findings(demo.with_values(nar_preface=None, nar_overview=None)) == []


def test_blanks_within_a_table_are_one_finding_per_row_block(demo):
    blanks = {f"req_{row}_{col}": None for row in ("open", "partial")
              for col in ("business", "research", "nonprofit", "legal", "other")}
    blanks["req_nf_absent_other"] = None
    found = findings(demo.with_values(**blanks), rule="blank-number")
    assert [(f.cell, f.cells) for f in found] == [("E9", ("E9:I10",)), ("I19", ())]
    assert "（E9:I10，共 10 格）未填" in found[0].message
    assert found[0].actual == "10 格空白"


def test_prefilled_carried_in_row_does_not_make_a_blank_table_partly_filled(demo, spec):
    blank = {fid: None for fid, f in spec.fields.items() if f.table == "req" and f.role == "report"}
    carried = {f"req_carried_in_{c}": 0 for c in ("natural", "business", "research", "nonprofit",
                                                  "legal", "other", "total")}
    f = only(demo.with_values(**{**blank, **carried}), "blank-table")
    assert f.cell == "D7" and "除从上年报告带入的「二、上年结转政府信息公开申请数量」外" in f.message
    assert "168 格空白" in f.message


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
    texts = last_years_texts(demo)
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
    assert findings(demo, _last_year(demo), "prev-copied") == []
    # one part copied word for word, the rest written anew: that part is named
    partly = _last_year(demo).with_values(nar_platform=demo["nar_platform"])
    assert only(demo, "prev-copied-text", partly).cell == "B8"
    assert findings(demo, partly, "prev-copied-narrative") == []


def test_a_report_more_than_half_copied_is_one_finding_with_the_share(demo):
    f = only(demo, "prev-copied-narrative", demo.with_values(meta_year=2024))
    assert (f.severity, f.actual) == (WARNING, "100%")
    assert "正文有 100% 的文字与上年报告（2024）逐句相同" in f.message
    assert findings(demo, demo.with_values(meta_year=2024), "prev-copied-text") == []
    # about two thirds of the characters in sentences last year also had
    texts = last_years_texts(demo)
    mixed = _last_year(demo).with_values(nar_management=demo["nar_management"],
                                         nar_problems=demo["nar_problems"],
                                         nar_oversight=demo["nar_oversight"])
    share = copied_share([str(demo[fid]) for fid in texts], [str(mixed[fid]) for fid in texts])
    assert 0.5 < share < 1
    f = only(demo, "prev-copied-narrative", mixed)
    assert f.actual == f"{share:.0%}" and "一字不差" in f.message
    assert findings(demo, _last_year(demo), "prev-copied-narrative") == []


def test_copied_share_counts_characters_of_whole_sentences():
    last = ["甲乙丙丁。戊己庚辛。"]
    assert copied_share(["甲乙丙丁。戊己庚辛。"], last) == 1
    assert copied_share(["甲乙丙丁。另写一句话了。"], last) == 5 / 12
    assert copied_share(["甲 乙丙丁。"], last) == 1  # whitespace is ignored
    assert copied_share([""], last) == 0


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
    ("本年度共受理政府信息公开申请0件。", {"受理政府信息公开申请": 0}),
    ("全年未收到政府信息公开申请。", {"新收政府信息公开申请": 0}),
    ("收到申请两件，结转下年度办理一件。", {"新收政府信息公开申请": 2, "结转下年度办理": 1}),
    ("未发生因政府信息公开引起的行政复议、行政诉讼。", {"行政复议": 0, "行政诉讼": 0}),
    ("被申请行政复议 3 起，提起行政诉讼十二件。", {"行政复议": 3, "行政诉讼": 12}),
    ("及时答复申请人，办结申请 4 件。", {}),
    ("本年度制定规范性文件0件，废止1件，现行有效12件。",
     {"本年制发行政规范性文件": 0, "本年废止行政规范性文件": 1, "现行有效行政规范性文件": 12}),
    ("未制定规章，制发行政规范性文件两件。", {"本年制发规章": 0, "本年制发行政规范性文件": 2}),
    ("制定规章0件，规范性文件4件。", {"本年制发规章": 0, "本年制发行政规范性文件": 4}),
    ("作出行政许可决定99件、行政处罚7起，无行政强制。",
     {"行政许可处理决定": 99, "行政强制处理决定": 0}),
    ("办理行政处罚案件7件。", {"行政处罚处理决定": 7}),
    ("收取行政事业性收费5000元。", {"行政事业性收费金额": Decimal("0.5")}),
    ("行政事业性收费金额为12.5万元。", {"行政事业性收费金额": Decimal("12.5")}),
    ("完善规章制度3项，公开行政许可事项清单120项。", {}),
    ("依据《行政许可法》办理，较上年减少行政处罚2件。", {}),
    ("未对行政许可事项进行调整。", {}),
    ("收到行政复议申请1件，受理行政许可申请3560件。", {"行政复议": 1, "行政许可处理决定": 3560}),
    ("全年共收到政府信息公开申请12件，其中自然人申请10件，法人或其他组织申请2件。",
     {"新收政府信息公开申请": 12}),
    ("本年度共办理政府信息公开申请15件，其中上年结转3件。", {"上年结转申请": 3}),
    ("清理规范性文件23件，其中废止5件，修改3件。", {"本年废止行政规范性文件": 5}),
    ("主动公开政府信息1234条，其中规范性文件12件，行政处罚事项1200项。", {}),
])
def test_stated_figures(text, claims, spec):
    stated = [(c.name, n) for c, n, _s in stated_figures(text, spec)]
    assert dict(stated) == claims and len(stated) == len(claims), stated


def test_narrative_against_table_two(demo):
    text = "本年度制定规范性文件0件，废止规范性文件1件。作出行政许可决定99件，行政处罚7件。"
    wrong = demo.with_values(nar_active=text, pub_normdocs_issued=4, pub_normdocs_effective=4)
    found = findings(wrong, rule="narrative-active")
    assert [(f.cell, f.expected, f.actual) for f in found] == [("B5", 4, 0), ("B5", 0, 1)]
    assert "「本年度制定规范性文件0件，废止规范性文件1件。」" in found[0].message
    assert "本年制发行政规范性文件 0 件" in found[0].message and "二、主动公开!B7" in found[0].message
    assert all(f.severity == WARNING for f in found)
    consistent = demo.with_values(nar_active=text, pub_normdocs_repealed=1,
                                  pub_normdocs_effective=0, pub_normdocs_issued=0)
    assert findings(consistent, rule="narrative-active") == []


def test_narrative_fees_in_yuan_against_the_table_in_wan_yuan(demo):
    text = "全年收取行政事业性收费5000元。"
    f = only(demo.with_values(nar_active=text), "narrative-active")
    assert (f.expected, f.actual) == (0, Decimal("0.5"))
    assert "行政事业性收费金额 0.5 万元" in f.message
    assert findings(demo.with_values(nar_active=text, pub_fees_amount=Decimal("0.5"))) == []


def test_accepted_requests_may_include_those_carried_over(demo):
    # 新收 2 + 上年结转 1: 「受理 3 件」 is consistent, and so is 「受理 2 件」
    for n in (2, 3):
        said = demo.with_values(nar_request=f"本年度共受理政府信息公开申请{n}件，均已办结。")
        assert findings(said) == [], n
    f = only(demo.with_values(nar_request="本年度共受理政府信息公开申请5件。"), "narrative-mismatch")
    assert "为 2 件，本年新收政府信息公开申请数量 + 上年结转政府信息公开申请数量为 3 件" in f.message


def test_wrong_year_in_the_narrative(demo):
    copied = demo.with_values(nar_request="2024年，我镇共收到政府信息公开申请2件，均已按时答复。")
    f = only(copied, "narrative-year")
    assert (f.severity, f.cell, f.expected, f.actual) == (WARNING, "B6", 2025, 2024)
    assert "「2024年，我镇共收到政府信息公开申请2件，均已按时答复。」" in f.message
    period = demo.with_values(nar_overview="本报告统计期限自2024年1月1日起至2024年12月31日止。")
    assert only(period, "narrative-year").cell == "B4"


@pytest.mark.parametrize("text", [
    "2025年，我镇共收到政府信息公开申请2件。",
    "与2024年相比，收到申请增加1件。",
    "上年（2024年）结转的申请1件已办结。",
    "2026年，我镇将继续完善公开目录，计划新增栏目3个。",
    "认真落实《2024年政务公开工作要点》，公开信息67条。",
    "自2019年以来累计公开信息3000条。",
    "《条例》自2019年5月15日起施行。",
    "针对2024年度报告中指出的问题，已整改3个。",
    "2023年至2025年累计公开信息900条。",
])
def test_other_years_in_a_legitimate_context_are_silent(demo, text):
    assert findings(demo.with_values(nar_overview=text), rule="narrative-year") == []


@pytest.mark.parametrize("text", [
    "2026年，一是组织培训3次，二是完善制度2项。",
    "2026年我镇重点做好以下工作：一是组织培训3次；二是更新目录2次。",
])
def test_the_following_year_is_a_plan_in_section_five(demo, text):
    assert findings(demo.with_values(nar_problems=text), rule="narrative-year") == []
    assert only(demo.with_values(nar_overview=text), "narrative-year").actual == 2026


def test_an_earlier_year_in_section_five_is_still_old_text(demo):
    old = demo.with_values(nar_problems="2024年，一是组织培训3次，二是完善制度2项。")
    assert only(old, "narrative-year").actual == 2024


def test_township_reporting_rules(demo):
    f = only(demo.with_values(pub_rules_issued=1, pub_rules_effective=2), "rules-township")
    assert (f.severity, f.cell, f.actual) == (WARNING, "B6", 1)
    assert "「北留镇人民政府」是乡镇人民政府、街道办事处" in f.message
    assert "「规章 × 本年制发件数」1 件、「规章 × 现行有效件数」2 件" in f.message
    street = demo.with_values(meta_org="某某街道办事处", pub_rules_effective=3)
    assert only(street, "rules-township").cell == "D6"
    county = demo.with_values(meta_org="镇江市人民政府", pub_rules_issued=1, pub_rules_effective=1)
    assert findings(county, rule="rules-township") == []


def test_a_township_report_copied_from_another_organ(demo):
    # 北留镇's text under 西河乡's name: it names 北留镇人民政府 and calls itself 「我镇」.
    copied = findings(demo.with_values(meta_org="西河乡人民政府"), rule="narrative-organ")
    assert copied and all(f.severity == WARNING for f in copied)
    assert {f.actual for f in copied} == {"北留镇", "我镇"}
    assert "而本报告的机关是「西河乡人民政府」" in copied[0].message
    # its own name, 「本乡镇」, 「各乡镇人民政府」, 「辅以镇政府公开栏」 and a county department's
    # report naming townships are no finding
    assert findings(demo, rule="narrative-organ") == []
    fine = "本乡镇和各乡镇人民政府、县直各部门，辅以乡政府公开栏。西河乡人民政府信息公开指南已发布。"
    assert findings(demo.with_values(meta_org="西河乡人民政府", nar_active=fine, nar_request=fine,
                                     nar_management=fine, nar_platform=fine, nar_oversight=fine,
                                     nar_problems=fine, nar_other=fine + "本年度未收取信息处理费。",
                                     nar_preface=None), rule="narrative-organ") == []
    assert findings(demo.with_values(meta_org="陵川县教育局"), rule="narrative-organ") == []
    street = findings(demo.with_values(meta_org="城关街道办事处", nar_platform="我镇网站。",
                                       nar_active="本街道网站。"), rule="narrative-organ")
    assert ("B8", "我镇") in {(f.cell, f.actual) for f in street}
    assert "B5" not in {f.cell for f in street}


def test_publication_date(demo):
    f = only(demo.with_values(meta_date=None), "date-missing")
    assert (f.severity, f.cell) == (WARNING, "B5") and "1 月 31 日前" in f.message
    late = only(demo.with_values(meta_date=dt.date(2026, 3, 5)), "date-late")
    assert (late.severity, late.expected, late.actual) == (WARNING, "≤ 2026-01-31", "2026-03-05")
    assert "发布日期 2026年3月5日 晚于 2026年1月31日" in late.message
    assert findings(demo.with_values(meta_date=dt.date(2026, 1, 31))) == []


def test_a_publication_date_within_the_reports_own_year_is_early(demo):
    # The commonest slip: the report's year typed for the next one (2025-01-20 for 2026-01-20).
    early = only(demo.with_values(meta_date=dt.date(2025, 1, 20)), "date-early")
    assert (early.severity, early.cell, early.actual) == (WARNING, "B5", "2025-01-20")
    assert "早于统计期限结束（2025年12月31日）" in early.message
    assert "是否应为 2026年1月20日？" in early.message
    # a date whose next-year twin would be late gets no guess
    assert "请填写实际发布的日期" in only(demo.with_values(meta_date=dt.date(2025, 6, 1)),
                                          "date-early").message
    assert findings(demo.with_values(meta_date=dt.date(2026, 1, 1))) == []


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
