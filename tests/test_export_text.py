"""Text, Markdown and HTML exports: layout of the published seeds, every figure, valid HTML."""

from __future__ import annotations

import html5lib
import pytest
from conftest import BEILIU_SEED
from export_helpers import (
    NASTY,
    expected_values,
    headings,
    paragraphs,
    subheadings,
    table_fields,
)
from lxml import html as lxml_html

from giar_xl.export import build_document, export_report
from giar_xl.export.templating import render


@pytest.fixture(scope="module")
def doc(demo):
    return build_document(demo)


@pytest.fixture(scope="module")
def text(doc):
    return render(doc, "txt")


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --------------------------------------------------------------------------- text

def test_text_headings_stand_on_their_own_lines(text, doc):
    lines = _lines(text)
    assert lines[0] == doc.title
    for heading in headings(doc) + subheadings(doc) + paragraphs(doc):
        assert heading in lines
    order = [lines.index(h) for h in headings(doc)]
    assert order == sorted(order)


def test_text_tables_are_tab_separated_grids_in_official_order(text, doc):
    lines, at = _lines(text), 0
    for grid in doc.grids():
        rows = ["\t".join(row) for row in grid.text_matrix()]
        start = lines.index(rows[0], at)
        assert lines[start: start + len(rows)] == rows
        at = start + len(rows)
        assert all(line.count("\t") == grid.n_cols - 1 for line in rows)
        if grid.caption:
            assert lines[start - 1] == grid.caption + "\t" * (grid.n_cols - 1)


def test_text_every_figure_in_its_own_cell(text, doc, demo):
    lines, first = _lines(text), 0
    expected = expected_values(demo)
    for grid in doc.grids():
        first = lines.index("\t".join(grid.text_matrix()[0]), first)
        for cell in grid.value_cells():
            printed = lines[first + cell.row].split("\t")[cell.col]
            assert printed == expected[cell.field]
        first += grid.n_rows


SEED_ROWS = ("第二十条第（一）项\t\t\t", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "规章\t0\t0\t0", "行政规范性文件\t0\t0\t0", "0\t" * 14 + "0")


def test_text_has_the_rows_of_a_published_report(text):
    ours = _lines(text)
    assert all(row in ours for row in SEED_ROWS)


@pytest.mark.seeds
def test_those_rows_are_the_published_seed_layout():
    """The rows above appear verbatim in a real published report (北留镇 2025)."""
    seed = BEILIU_SEED.read_text(encoding="utf-8").split("\n")
    assert all(row in seed for row in SEED_ROWS)


def test_text_never_puts_a_tab_in_prose(demo):
    doc = build_document(demo.with_values(nar_other="第一项\t67 条"))
    assert "第一项 67 条" in _lines(render(doc, "txt"))


# --------------------------------------------------------------------------- markdown

def test_markdown_headings_and_pipe_tables(doc, demo):
    md = render(doc, "md")
    lines = _lines(md)
    assert lines[0] == f"# {doc.title}"
    for heading in headings(doc):
        assert f"## {heading}" in lines
    for heading in subheadings(doc):
        assert f"### {heading}" in lines
    assert any("申请人情况 / 法人或其他组织 / 商业企业" in line for line in lines)
    assert any("行政诉讼 / 未经复议直接起诉 / 结果维持" in line for line in lines)
    table_rows = [line for line in lines if line.startswith("|")]
    header_and_rules = sum(1 for line in table_rows if set(line) <= set("|:- "))
    assert header_and_rules == len(doc.grids())
    # every figure, each in its own pipe cell of its row
    for grid in doc.grids():
        for row in grid.flat_body():
            assert "| " + " | ".join(row) + " |" in lines


def test_markdown_escapes_what_would_be_markup(demo):
    doc = build_document(demo.with_values(nar_other="# 不是标题\n1.不是列表\na|b <i>x</i> *y*"))
    lines = _lines(render(doc, "md"))
    assert "\\# 不是标题" in lines
    assert "1\\.不是列表" in lines
    assert "a\\|b \\<i\\>x\\</i\\> \\*y\\*" in lines


# --------------------------------------------------------------------------- html

def _parse_strict(page: str):
    """Parse as the HTML5 spec does, failing on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


@pytest.fixture(scope="module")
def page(doc):
    return render(doc, "html")


def test_html_is_a_valid_complete_document(page, doc):
    tree = _parse_strict(page)
    assert page.startswith("<!DOCTYPE html>")
    assert tree.find("head/meta").get("charset") == "utf-8"
    assert tree.find("head/title").text == doc.title
    assert "@page" in tree.find("head/style").text and "A4" in tree.find("head/style").text
    assert tree.tag == "html" and tree.get("lang") == "zh-CN"


def test_html_structure_one_table_per_statistics_table(page, doc, demo):
    root = lxml_html.fromstring(page.encode("utf-8"))
    assert [h.text_content() for h in root.iter("h1")] == [doc.title]
    assert [h.text_content() for h in root.iter("h2")] == headings(doc)
    assert [h.text_content() for h in root.iter("h3")] == subheadings(doc)
    tables = root.findall(".//table")
    assert len(tables) == 3
    assert tables[0].get("data-tables") == "pub20_1 pub20_5 pub20_6 pub20_8"
    assert [t.get("data-tables") for t in tables[1:]] == ["req", "lit"]
    req = tables[1]
    spans = {th.text_content(): (th.get("rowspan"), th.get("colspan")) for th in req.iter("th")}
    assert spans["申请人情况"] == (None, "7")
    assert spans["法人或其他组织"] == (None, "5")
    assert spans["自然人"] == ("2", None)
    assert spans["三、本年度办理结果"] == ("22", None)
    assert len(req.findall("thead/tr")) == 3
    lit = {th.text_content(): th.get("colspan") for th in tables[2].iter("th")}
    assert lit["行政复议"] == "5" and lit["行政诉讼"] == "10"
    # numbers match, each in the cell of its field
    cells = {td.get("data-field"): td.text_content() for td in root.iter("td")}
    assert cells == expected_values(demo)


def test_html_escapes_pasted_markup(demo):
    doc = build_document(demo.with_values(nar_other=NASTY, meta_org="A&B <b>镇</b>"))
    page = render(doc, "html")
    tree = _parse_strict(page)
    assert tree.find(".//script") is None and tree.find(".//b") is None
    texts = ["".join(p.itertext()) for p in tree.iter("p")]
    assert any(t.startswith("A&B <script>alert(1)</script> \"双引号\"") and "😀" in t
               for t in texts)
    assert "A&B <b>镇</b>" in "".join(tree.find(".//h1").itertext())


# --------------------------------------------------------------------------- files

@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_text_like_exports_are_written_as_utf8(demo, tmp_path, suffix):
    path = export_report(demo, tmp_path / f"report{suffix}")
    content = path.read_text(encoding="utf-8")
    assert content == render(build_document(demo), suffix.lstrip("."))
    for value in expected_values(demo).values():
        assert value in content


# --------------------------------------------------------------------------- round trip

@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx"])
def test_export_imports_back_to_the_same_figures(demo, spec, tmp_path, suffix):
    from giar_xl.check import load, supported_suffixes

    if suffix not in supported_suffixes():
        pytest.skip(f"the importer does not read {suffix} yet")
    path = export_report(demo, tmp_path / f"report{suffix}")
    report = load(path).report
    assert (report.org, report.year) == (demo.org, demo.year)
    for fid in sorted(table_fields(spec)):
        assert report[fid] == demo[fid], fid
