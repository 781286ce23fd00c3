"""The page printed (Ctrl+P): the results on paper, not the controls around them.

Chromium prints without backgrounds by default, so the white-on-red title came
out as near-invisible pale text, and the drop box and buttons took half a page.
"""

from __future__ import annotations

import pytest

from giar_xl.demo import demo_with_mistakes
from giar_xl.workbook.build import write_workbook

from .test_page import check_in_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _luminance(css_color: str) -> float:
    inside = css_color[css_color.index("(") + 1:css_color.index(")")]
    r, g, b = (float(part) for part in inside.split(",")[:3])
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def test_printed_page_shows_results_and_a_legible_title(checker, tmp_path):
    page, watch = checker
    check_in_page(page, write_workbook(tmp_path / "练习稿.xlsx", report=demo_with_mistakes()))
    page.emulate_media(media="print")
    try:
        style = "e => getComputedStyle(e)"
        for controls in ("#drop", "#status", "#result .actions"):
            assert page.eval_on_selector(controls, style + ".display") == "none", controls
        assert _luminance(page.eval_on_selector("header h1", style + ".color")) < 0.3
        assert _luminance(page.eval_on_selector("header p", style + ".color")) < 0.5
        assert page.is_visible("#result section.sheet") and page.is_visible(".verdict")
    finally:
        page.emulate_media(media="screen")
    assert watch.errors == []
