"""Ways published reports word and number their headings, all read the same."""

from __future__ import annotations

import pytest
from conftest import BEILIU_SEED, BEISHE_SEED, seed_text

from giar_xl.importer import import_text_content

BEILIU = seed_text(BEILIU_SEED)
BEISHE = seed_text(BEISHE_SEED)
pytestmark = pytest.mark.seeds
PARTS = ["nar_overview", "nar_active", "nar_request", "nar_management", "nar_platform",
         "nar_oversight"]


def _replaced(text: str, pairs) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_section_headings_without_numbers():
    text = _replaced(BEILIU, [
        ("### 一、总体情况", "### 总体情况"),
        ("## 二、主动公开政府信息情况", "## 主动公开政府信息情况"),
        ("### 三、收到和处理政府信息公开申请情况", "### 收到和处理政府信息公开申请情况"),
        ("## 四、政府信息公开行政复议、行政诉讼情况", "## 政府信息公开行政复议、行政诉讼情况"),
        ("## 五、存在的主要问题及改进措施", "## 存在的主要问题及改进措施"),
        ("## **六、其他需要报告的事项**", "**其他需要报告的事项**"),
    ])
    result = import_text_content(text)
    assert result.findings == ()
    assert result.report["nar_other"].startswith("本机关 2025 年度未收取")
    assert result.report["nar_oversight"] == import_text_content(BEILIU).report["nar_oversight"]


def test_a_heading_with_a_wrong_number_is_still_its_section():
    text = _replaced(BEILIU, [("## 五、存在的主要问题及改进措施", "## 四、存在的主要问题及改进措施")])
    result = import_text_content(text)
    assert result.findings == ()
    assert result.report["nar_problems"].startswith("（一）主要问题")


@pytest.mark.parametrize("style", ["arabic", "none"])
def test_parts_of_section_one_numbered_otherwise(style):
    """「1.主动公开方面。……」 or 「主动公开方面。……」 instead of 「（一）主动公开方面。……」."""
    text = BEISHE
    for n, numeral in enumerate("一二三四五", start=1):
        text = text.replace(f"（{numeral}）", f"{n}." if style == "arabic" else "", 1)
    original = import_text_content(BEISHE).report
    result = import_text_content(text)
    assert not [f for f in result.findings if f.rule == "import-narrative-missing"]
    assert {k: result.report[k] for k in PARTS} == {k: original[k] for k in PARTS}


def test_a_sentence_that_merely_mentions_a_part_title_does_not_start_it():
    text = _replaced(BEILIU, [("我镇政府信息公开主要依托县政府网站开展",
                               "平台建设情况良好，我镇政府信息公开主要依托县政府网站开展")])
    result = import_text_content(text)
    assert result.findings == ()
    assert result.report["nar_platform"].startswith("平台建设情况良好")


@pytest.mark.parametrize("title,organ", [
    ("北留镇人民政府 2025 年政府信息公开工作 年度 报 告", "北留镇人民政府"),
    ("2025年北留镇人民政府政府信息公开工作年度报告", "北留镇人民政府"),
    ("北留镇人民政府\n\n2025年度政务公开工作年度报告", "北留镇人民政府"),
    ("首页 > 信息公开 > 年报\n北留镇人民政府2025年政府信息公开工作年度报告", "北留镇人民政府"),
])
def test_titles_worded_and_broken_differently(title, organ):
    text = BEILIU.replace("# 北留镇人民政府\n\n## 2025 年政府信息公开工作年度报告", title)
    result = import_text_content(text)
    assert (result.report.org, result.report.year) == (organ, 2025)
    assert result.findings == ()
    assert result.report["nar_preface"] is None
