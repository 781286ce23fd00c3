"""Each kind of damage to a published report is reported where it is, and nothing is guessed."""

from __future__ import annotations

import pytest
from conftest import BEILIU_SEED, seed_text

from giar_xl.importer import import_text_content

CLEAN = seed_text(BEILIU_SEED)
pytestmark = pytest.mark.seeds


def damaged(*replacements: tuple[str, str]):
    text = CLEAN
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return import_text_content(text, source="damaged.txt")


def only(result, rule):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.message) for f in result.findings]
    return found[0]


def test_the_clean_text_imports_without_findings():
    assert import_text_content(CLEAN).findings == ()


def test_title_without_organ_and_year():
    result = damaged(("# 北留镇人民政府\n", ""), ("## 2025 年政府信息公开工作年度报告\n", ""))
    finding = only(result, "import-title")
    assert finding.severity == "error" and "机关名称和年度" in finding.message
    assert {"meta_org", "meta_year"} <= result.report.unreadable
    assert result.report["req_new_total"] == 2  # the rest still reads


def test_organ_falls_back_to_the_signature():
    result = damaged(("# 北留镇人民政府\n", ""),
                     ("下载。", "下载。\n\n北留镇人民政府\n\n2026年1月12日\n"))
    assert result.report.org == "北留镇人民政府" and result.report.year == 2025
    assert str(result.report["meta_date"]) == "2026-01-12"
    assert result.report["nar_other"].endswith("下载。")
    assert result.findings == ()


def test_a_lost_section_heading_is_reported_and_its_text_not_misfiled():
    result = damaged(("## 五、存在的主要问题及改进措施\n", ""))
    finding = only(result, "import-section-missing")
    assert finding.field == "nar_problems" and "五、存在的主要问题" in finding.message
    assert "nar_problems" in result.report.unreadable
    assert result.report["lit_review_total"] == 0  # table 四 is still read


def test_a_lost_part_of_section_one():
    result = damaged(("#### （三）政府信息管理\n", ""))
    finding = only(result, "import-narrative-missing")
    assert finding.field == "nar_management" and finding.source.startswith("第 7 行")
    assert "nar_management" in result.report.unreadable


def test_a_truncated_row_reads_its_leading_figures_and_reports_the_rest():
    result = damaged(("(七) 总计\t3\t0\t0\t0\t0\t0\t3\t", "(七) 总计\t3\t0\t0"))
    finding = only(result, "import-row-figures")
    assert finding.field == "req_results_nonprofit" and "前 3 栏" in finding.message
    report = result.report
    assert (report["req_results_natural"], report["req_results_research"]) == (3, 0)
    assert {"req_results_legal", "req_results_total"} <= report.unreadable


def test_a_row_without_figures():
    result = damaged(("\t2.重复申请\t0\t0\t0\t0\t0\t0\t0", "\t2.重复申请"))
    finding = only(result, "import-row-figures")
    assert finding.field == "req_nh_repeat_natural" and "没有数字" in finding.message


def test_a_row_with_more_figures_than_columns_is_not_read():
    result = damaged(("(七) 总计\t3\t0\t0\t0\t0\t0\t3\t", "(七) 总计\t3\t0\t0\t0\t0\t0\t3\t9"))
    finding = only(result, "import-row-figures")
    assert "多于" in finding.message
    assert result.report["req_results_total"] is None


def test_an_illegible_figure():
    result = damaged(("(七) 总计\t3\t0\t0\t0\t0\t0\t3\t", "(七) 总计\t3\t0\tO\t0\t0\t0\t3\t"))
    finding = only(result, "import-cell-unreadable")
    assert finding.field == "req_results_research" and finding.actual == "O"
    assert result.report["req_results_total"] == 3
    assert "req_results_research" in result.report.unreadable


def test_a_row_the_format_does_not_have():
    result = damaged(("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
                      "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\n合计\t5\t0\t0\t0\t0\t0\t5"))
    finding = only(result, "import-row-unmatched")
    assert finding.severity == "warning" and finding.source.startswith("第 82 行：合计")
    assert result.report["req_carried_out_total"] == 0


def test_an_illegible_label_is_identified_by_its_position_and_shape():
    result = damaged(("\t2.重复申请\t", "\t#%@&*\t"))
    finding = only(result, "import-row-label")
    assert finding.field == "req_nh_repeat_natural" and "位置" in finding.message
    assert "1.信访举报投诉类申请" in finding.message and "3.要求提供公开出版物" in finding.message
    assert result.report["req_nh_repeat_total"] == 0


def test_an_illegible_label_is_not_guessed_when_position_is_ambiguous():
    result = damaged(("\t2.重复申请\t0\t0\t0\t0\t0\t0\t0\n", ""),
                     ("\t3.要求提供公开出版物\t", "\t#%@&*\t"))
    assert {f.rule for f in result.findings} == {"import-row-unmatched", "import-row-missing"}
    [missing] = [f for f in result.findings if f.rule == "import-row-missing"]  # one run of rows
    assert missing.field == "req_nh_repeat_natural" and "的 2 行" in missing.message
    assert {"req_nh_repeat_total", "req_nh_publication_total"} <= result.report.unreadable


def test_a_row_out_of_order_is_identified_by_its_label():
    line = "\t(一) 予以公开\t1\t0\t0\t0\t0\t0\t1\t"
    result = damaged(("三、本年度办理结果\t(一) 予以公开\t1\t0\t0\t0\t0\t0\t1\t\n", ""),
                     ("\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n",
                      f"\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n{line}\n"))
    finding = only(result, "import-row-label")
    assert finding.field == "req_open_natural" and "行序" in finding.message
    assert result.report["req_open_total"] == 1


def test_a_garbled_label_in_a_figure_cell_position_is_not_read_as_a_figure():
    result = damaged(("行政许可\t99", "行政许可\t9９"))
    assert result.report["pub_license_decisions"] == 99  # full-width digits are digits
    result = damaged(("行政处罚\t7", "行政处罚\t7l"))
    assert only(result, "import-cell-unreadable").field == "pub_penalty_decisions"


@pytest.mark.parametrize("blank_lines", ["\n", "\n\n\n"])
def test_blank_lines_change_nothing(blank_lines):
    text = CLEAN.replace("\n", "\n" + blank_lines)
    result = import_text_content(text)
    assert result.findings == ()
    assert result.report["req_results_total"] == 3


def test_a_weak_label_is_accepted_only_next_to_rows_identified_by_their_labels():
    result = damaged(("(七) 总计\t3", "合计\t3"))
    finding = only(result, "import-row-label")
    assert finding.field == "req_results_natural" and "相似度 50%" in finding.message
    assert result.report["req_results_total"] == 3
    # the same label with its neighbours gone is not enough to place it
    result = damaged(("(七) 总计\t3", "合计\t3"),
                     ("\t3.其他\t0\t0\t0\t0\t0\t0\t0\n", ""),
                     ("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\n", ""))
    assert result.report["req_results_total"] is None
    assert {f.rule for f in result.findings} == {"import-row-unmatched", "import-row-missing"}


def test_page_numbers_and_repeated_headers_of_a_page_break_are_ignored():
    page_break = ("\n- 3 -\n\n4\n\n"
                  "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况"
                  "\t\t\t\t\t\t总计\t\n三、本年度办理结果\n")
    result = damaged(("\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0\n",
                      f"\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0\n{page_break}"))
    assert result.findings == ()
    assert result.report["req_wh_internal_total"] == 0
