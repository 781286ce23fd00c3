"""The cell the clerk mistyped, found from the broken sums (rules sum-suspect, sum-candidates)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from giar_xl.check import check_file
from giar_xl.export import export_report
from giar_xl.findings import WARNING
from giar_xl.marks import plan_marks
from giar_xl.model import ErrorValue
from giar_xl.rules import check_report
from giar_xl.rules.explain import Cell, Equation, explain
from giar_xl.workbook.design import SUSPECT_FILL

REQUEST, REVIEW, ACTIVE = "三、依申请公开", "四、复议诉讼", "二、主动公开"
SAYS_ONE_REVIEW = "本年度发生政府信息公开行政复议 1 件，结果维持。"


def suspects(report, previous=None):
    found = check_report(report, previous)
    return ([f for f in found if f.rule == "sum-suspect"],
            [f for f in found if f.rule == "sum-candidates"])


def named(report, previous=None):
    """{cell: (expected, actual)} of the suspects; fails if candidates were listed instead."""
    found, listed = suspects(report, previous)
    assert listed == [], listed[0].message
    assert all(f.severity == WARNING and not f.blocking for f in found)
    return {f.cell: (f.expected, f.actual) for f in found}


# -- one mistyped figure ----------------------------------------------------------------
@pytest.mark.parametrize("field,typed,cell,right", [
    ("req_new_natural", 3, "D7", 2),  # a component: its row and its column's balance
    ("req_wh_case_research", 2, "F17", 0),  # a component of （七）总计
    ("req_new_total", 5, "J7", 2),  # a row total
    ("req_results_natural", 4, "D30", 3),  # a column total: （七）总计
    ("req_results_total", 1, "J30", 3),  # both at once
    ("req_carried_in_natural", 0, "D8", 1),  # 二、上年结转
    ("req_carried_out_other", 2, "I31", 0),  # 四、结转下年度
    ("req_open_natural", None, "D9", 1),  # forgotten: a blank counts as 0 — and is the suspect
], ids=["component", "withheld", "row-total", "results-total", "grand-total", "carried-in",
        "carried-out", "blank"])
def test_a_single_mistyped_figure_is_named_with_its_value(demo, field, typed, cell, right):
    [suspect], _ = suspects(demo.with_values(**{field: typed}))
    assert (suspect.sheet, suspect.cell, suspect.field) == (REQUEST, cell, field)
    assert (suspect.expected, suspect.actual) == (right, typed)
    assert suspect.message.startswith(f"最可能填错的是 {cell}「")
    assert (f"若为 {right}（现为 {typed}）" if typed is not None
            else f"未填，若填 {right}") in suspect.message


def test_the_message_lists_every_broken_sum_it_resolves(demo):
    [suspect], _ = suspects(demo.with_values(req_new_natural=3))
    assert suspect.message == (
        "最可能填错的是 D7「一、本年新收政府信息公开申请数量 × 自然人」：若为 2（现为 3），"
        "以下 2 处不符全部消除：J7（总计 = 自然人 + 法人或其他组织各栏）；"
        "D31（一 + 二 = 三（七）+ 四）。")


def test_every_figure_of_table_3_typed_wrong_is_found(demo, spec):
    """Each count of 表三 that a sum uses, one at a time, too high and too low."""
    fields = sorted({fid for rel in spec.relations if rel.table == "req"
                     for fid in rel.fields if spec.fields[fid].role == "report"})
    assert len(fields) == 175
    for fid in fields:
        for typed in {demo[fid] + 1, demo[fid] + 7, demo[fid] - 1} - {-1}:
            assert named(demo.with_values(**{fid: typed})) == {
                spec.fields[fid].cell: (demo[fid], typed)}, (fid, typed)


def test_last_years_figure_takes_part_where_it_is_known(demo):
    last = demo.with_values(req_carried_out_natural=1, req_carried_out_total=1)
    [suspect], _ = suspects(demo.with_values(req_carried_in_natural=2), previous=last)
    assert (suspect.cell, suspect.expected) == ("D8", 1)
    assert "以下 3 处不符" in suspect.message and "上年报告「四、结转下年度继续办理」" in suspect.message


# -- table 四: one sum per group, so the narrative decides -----------------------------------
@pytest.mark.parametrize("typed,cell,right", [
    ({"lit_review_upheld": 2, "lit_review_total": 1}, "A7", 1),  # total and text agree
    ({"lit_review_upheld": 1, "lit_review_total": 2}, "E7", 1),  # the total disagrees
    ({"lit_review_upheld": 1, "lit_review_total": 0}, "E7", 1),
])
def test_table_4_with_the_figure_the_narrative_states(demo, typed, cell, right):
    [suspect], _ = suspects(demo.with_values(nar_overview=SAYS_ONE_REVIEW, **typed))
    assert (suspect.sheet, suspect.cell, suspect.expected) == (REVIEW, cell, right)
    assert f"这与正文所写「{SAYS_ONE_REVIEW}」一致" in suspect.message


def test_table_4_alone_cannot_tell_so_the_candidates_are_listed(demo):
    """Without the narrative, 维持 or 总计 explain it equally: no guess."""
    found, [listed] = suspects(demo.with_values(lit_review_upheld=1))
    assert found == []
    assert (listed.severity, listed.sheet, listed.cell) == (WARNING, REVIEW, "E7")
    assert listed.message.startswith("无法确定填错的是哪一格：A7 或 E7 之一（A7 若为 0（现为 1）；"
                                     "E7 若为 1（现为 0））")
    assert listed.expected is None and listed.actual is None


def test_table_2_against_last_year_lists_its_candidates(demo):
    """现行有效 = 上年现行有效 + 制发 − 废止: 现行有效 or 废止 may be wrong, not 制发
    (it would have to be −1)."""
    last = demo.with_values(pub_rules_effective=5)
    this = demo.with_values(pub_rules_effective=4)
    found, [listed] = suspects(this, previous=last)
    assert found == [] and (listed.sheet, listed.cell) == (ACTIVE, "D6")
    assert "B6" not in listed.message
    assert "C6 或 D6 之一（C6 若为 1（现为 0）；D6 若为 5（现为 4））" in listed.message


# -- several mistakes ----------------------------------------------------------------------
def test_two_mistakes_far_apart_are_both_found(demo):
    report = demo.with_values(req_new_natural=3, req_nh_repeat_legal=1,
                              lit_review_corrected=1, lit_review_total=1,
                              lit_review_upheld=2, nar_overview=SAYS_ONE_REVIEW)
    assert named(report) == {"D7": (2, 3), "H23": (0, 1), "A7": (0, 2)}


def test_two_mistakes_whose_sums_meet_are_explained_together(demo):
    """D7 and I31 break four sums that share cells: no single cell, one pair."""
    found, _ = suspects(demo.with_values(req_new_natural=3, req_carried_out_other=2))
    assert {f.cell: f.expected for f in found} == {"D7": 2, "I31": 0}
    assert found[0].message.startswith("最可能填错的是 D7 和 I31 两格：D7 若为 2（现为 3）、"
                                       "I31 若为 0（现为 2），以下 4 处不符全部消除")


def test_figures_swapped_between_columns(demo):
    """The row still adds up; two columns do not: the two cells swapped."""
    assert named(demo.with_values(req_nf_absent_natural=0, req_nf_absent_business=2)) == {
        "D19": (2, 0), "E19": (0, 2)}


# -- cells that are not figures -------------------------------------------------------------
def test_a_word_in_a_cell_leaves_its_sums_unjudged_and_the_rest_explained(demo):
    report = demo.with_values(req_open_natural="一件", req_new_natural=3)
    assert named(report) == {"D7": (2, 3)}
    report = demo.with_values(req_open_natural=ErrorValue("#REF!"))
    assert suspects(report) == ([], [])


def test_a_clean_report_has_no_suspect(demo):
    assert suspects(demo) == ([], [])


# -- published reports ---------------------------------------------------------------------
def test_a_published_report_cites_the_line_of_the_suspect_figure(demo, tmp_path):
    path = export_report(demo.with_values(req_new_natural=3), tmp_path / "北留镇2025年报.txt")
    [suspect] = [f for f in check_file(path).findings if f.rule == "sum-suspect"]
    assert (suspect.cell, suspect.expected, suspect.actual) == ("D7", 2, 3)
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("一、本年新收政府信息公开申请数量"))
    assert suspect.source.startswith(f"第 {line} 行：一、本年新收政府信息公开申请数量")
    assert f"（原文第 {line} 行）" in suspect.message


# -- the mark plan ---------------------------------------------------------------------------
def test_the_suspect_is_marked_apart_and_listed_first(demo, spec):
    plan = plan_marks(check_report(demo.with_values(req_new_total=3)), spec)
    [mark] = [m for m in plan.marks if m.suspect]
    assert (mark.sheet, mark.cell, mark.fill) == (REQUEST, "J7", SUSPECT_FILL)
    assert mark.note.splitlines()[1].startswith("△ 提醒：最可能填错的是 J7")  # before J7's error
    assert "× 错误：「一、本年新收政府信息公开申请数量 × 总计」应为 2" in mark.note
    assert plan.rows[0].suspect and plan.rows[0].values[2] == f"{REQUEST}!J7"
    assert plan.rows[0].fill == SUSPECT_FILL
    assert not any(row.suspect for row in plan.rows[1:])


# -- the arithmetic --------------------------------------------------------------------------
def _eq(key, residual, **coefficients):
    return Equation(key, coefficients, residual)


def test_one_sum_and_two_free_cells_is_a_line_of_answers_not_a_pair():
    """Two cells of one broken sum, in nothing else: any split works — not an answer."""
    found = explain([_eq("s", 1, a=1, b=-1, c=-1)], [], {"a": Cell(3), "b": Cell(1)})
    [diagnosis] = found
    assert [e.changes for e in diagnosis.explanations] == [(("a", 2),), (("b", 2),)]


def test_values_must_stay_valid_for_their_cell():
    broken = [_eq("s", Fraction(1, 2), a=1, b=-1)]
    assert explain(broken, [], {"a": Cell(1), "b": Cell(Fraction(1, 2), decimals=None)}) \
        [0].explanations[0].changes == (("b", 1),)
    assert explain(broken, [], {"a": Cell(0)}) == []  # −1/2: neither whole nor ≥ 0
    amounts = {"a": Cell(Fraction(3, 2), decimals=1)}
    assert explain(broken, [], amounts)[0].unique.changes == (("a", 1),)


def test_evidence_only_breaks_ties():
    broken = [_eq("s", -1, t=1, a=-1, b=-1)]  # t = a + b, and t is 1 short
    cells = {"t": Cell(1), "a": Cell(2), "b": Cell(0)}
    [tie] = explain(broken, [], cells)
    assert len(tie.explanations) == 2 and tie.evidence == ()
    said = _eq("text says t = 1", 0, t=1)
    [decided] = explain(broken, [], cells, evidence=lambda: [said])
    assert decided.unique.changes == (("a", 1),) and decided.evidence == (said,)
