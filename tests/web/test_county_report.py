"""summary --html: one offline page, checked in headless Chromium (no console errors, no
requests but the file itself, sorting and expanding work, prints on A4)."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from county_helpers import write_county, write_roster_csv

from giar_xl.cli import main

from .browser import PageWatch

pytestmark = pytest.mark.xdist_group("browser")  # one browser per session, with the page tests


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    from giar_xl.demo import demo_report
    from giar_xl.export import export_report

    root = tmp_path_factory.mktemp("county-html")
    write_county(root / "reports", demo_report())
    bad = demo_report().with_values(meta_org="陵川县审计局", req_new_natural=7,
                                    nar_other="<script>alert(1)</script>")
    export_report(bad, root / "reports" / "13.txt")  # a published report with a wrong total
    out = root / "汇总.html"
    result = CliRunner().invoke(main, ["summary", str(root / "reports"), "--roster",
                                       str(write_roster_csv(root / "名录.csv")),
                                       "-o", str(root / "汇总.xlsx"), "--html", str(out)])
    assert result.exit_code == 1, result.output  # 13.txt has errors
    return out


def test_the_page_is_self_contained(page_file):
    text = page_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(", text)
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script>alert(1)</script>" not in text  # report text is escaped
    assert text.count("<svg") == 2  # errors by rule, by region


@pytest.mark.browser
def test_chromium_renders_it_without_errors_or_requests(page_file, chromium, tmp_path):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    watch = PageWatch(page)
    try:
        page.goto(page_file.as_uri())
        assert watch.errors == [] and watch.requests == [page_file.as_uri()]
        organs = "Array.from(document.querySelectorAll('#organ-table tbody tr:first-child'))"
        names = f"{organs}.map(r => r.cells[1].firstChild.textContent.trim())"
        assert page.evaluate(f"{names}.length") == 12
        page.click("#organ-table th:nth-child(11)")  # 得分, ascending
        assert page.evaluate(f"{names}[0]") == "马村镇人民政府"  # the one organ missing: 0 points
        scores = page.evaluate(f"{organs}.map(r => parseFloat(r.cells[10].dataset.value))")
        assert scores == sorted(scores)
        audit = page.locator("#findings-12")
        assert audit.is_hidden()
        page.click("#organ-12 button.toggle")
        assert audit.is_visible()
        text = audit.inner_text()
        assert "总计" in text and "原文" in text  # the imported line quoted
        assert watch.errors == [] and watch.requests == [page_file.as_uri()]

        pdf = tmp_path / "print.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "(A4)" in info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert 2 <= pages <= 8
        printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                 text=True).stdout
        assert "全部展开" not in printed  # no buttons on paper
        assert printed.count("原文") >= 1  # every organ's findings are printed

        # On paper (A4 less the 12 mm margins: 186 mm, 703 px) every table fits the width:
        # a long finding line once stretched the organ table and cut off 得分 and 问题.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 703, "height": 1000})
        page.evaluate("document.querySelectorAll('tr.findings').forEach(r => r.hidden = false)")
        widths = page.evaluate("Array.from(document.querySelectorAll('table'))"
                               ".map(t => [t.id || t.className, t.scrollWidth])")
        assert [w for w in widths if w[1] > 703] == []
    finally:
        page.close()
