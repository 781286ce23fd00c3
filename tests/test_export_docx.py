"""The Word export read back with python-docx: every heading, every table cell, fonts, page."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from export_helpers import (
    NASTY,
    NASTY_CONTROLS,
    group_slot_texts,
    headings,
    paragraphs,
    subheadings,
    table_fields,
)
from lxml import etree

from giar_xl.check import load
from giar_xl.export import build_document, export_report
from giar_xl.export.word_styles import FONTS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def workbook_report(demo_xlsx):
    """The demo as read back from its workbook: the numbers the export must match."""
    return load(demo_xlsx).report


@pytest.fixture(scope="module")
def exported(workbook_report, tmp_path_factory):
    path = export_report(workbook_report, tmp_path_factory.mktemp("docx") / "report.docx")
    return path, docx.Document(str(path)), build_document(workbook_report)


def _by_style(document, name):
    return [p.text for p in document.paragraphs if p.style.name == name]


def test_title_and_every_heading(exported):
    _path, document, doc = exported
    assert _by_style(document, "Title") == ["\n".join(doc.title_lines)]
    assert _by_style(document, "Heading 1") == headings(doc)
    assert _by_style(document, "Heading 2") == subheadings(doc)
    assert _by_style(document, "Normal") == paragraphs(doc)
    assert _by_style(document, "落款") == list(doc.signature)


def test_every_table_cell_matches_the_model(exported):
    _path, document, doc = exported
    groups = [t for s in doc.sections for t in s.tables()]
    assert len(document.tables) == len(groups) == 3
    for table, group in zip(document.tables, groups, strict=True):
        actual = [[cell.text for cell in row.cells] for row in table.rows]
        assert actual == group_slot_texts(list(group.grids))


def test_numbers_equal_the_workbook(exported, workbook_report, spec):
    _path, document, doc = exported
    printed = []
    groups = [g for s in doc.sections for g in s.tables()]
    for table, grids in zip(document.tables, groups, strict=True):
        row = 0
        for grid in grids.grids:
            row += 1 if grid.caption else 0
            for cell in grid.value_cells():
                text = table.cell(row + cell.row, cell.col).text
                printed.append(cell.field)
                value = workbook_report[cell.field]
                assert text == ("" if value is None else str(value)), cell.field
            row += grid.n_rows
    assert sorted(printed) == sorted(table_fields(spec))


def test_merged_headers_are_real_merges(exported):
    path, _document, _doc = exported
    xml = zipfile.ZipFile(path).read("word/document.xml")
    root = etree.fromstring(xml)
    tables = root.iter(f"{W}tbl")
    _active, request, review = list(tables)

    def spans(table):
        out = {}
        for tc in table.iter(f"{W}tc"):
            text = "".join(tc.itertext())
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if text:
                out[text] = (int(span.get(f"{W}val")) if span is not None else 1,
                             vmerge.get(f"{W}val") if vmerge is not None else None)
        return out

    req = spans(request)
    assert req["申请人情况"] == (7, None)
    assert req["法人或其他组织"] == (5, None)
    assert req["自然人"] == (1, "restart")
    assert req["三、本年度办理结果"] == (1, "restart")
    assert req["一、本年新收政府信息公开申请数量"] == (3, None)
    lit = spans(review)
    assert lit["行政复议"] == (5, None) and lit["行政诉讼"] == (10, None)
    assert lit["未经复议直接起诉"] == (5, None)
    # header rows repeat on every page the table 三 runs over
    header_rows = [tr for tr in request.iter(f"{W}tr")
                   if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header_rows) == 3


def test_east_asian_fonts_are_set_in_the_styles(exported):
    _path, document, _doc = exported
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体",
                "Heading 2": "楷体_GB2312", "表格文字": "宋体", "落款": "仿宋_GB2312"}
    for name, font in expected.items():
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == font, name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None and rfonts.get(qn("w:asciiTheme")) is None
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f".//{W}rFonts")
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.get(qn("w:eastAsiaTheme")) is None
    # body text is 三号 on a ~29 pt grid, the title 二号
    assert document.styles["Normal"].font.size.pt == 16
    assert 28 <= document.styles["Normal"].paragraph_format.line_spacing.pt <= 29
    assert document.styles["Title"].font.size.pt == 22


def test_no_run_carries_its_own_fonts(exported):
    """Formatting lives in styles, so an office can restyle the document in one place."""
    _path, document, _doc = exported
    body = document.element.body
    assert body.find(f".//{W}r/{W}rPr/{W}rFonts") is None


def test_font_table_lists_substitutes(exported):
    path, _document, _doc = exported
    fonts = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    declared = {f.get(f"{W}name"): f for f in fonts.iter(f"{W}font")}
    for font in FONTS:
        alt = declared[font.name].find(f"{W}altName").get(f"{W}val")
        assert alt.split(",") == list(font.alternates)


def test_a4_with_gb9704_margins(exported):
    _path, document, _doc = exported
    section = document.sections[0]
    def mm(length):
        return round(length / Mm(1), 1)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin),
            mm(section.left_margin), mm(section.right_margin)) == (37, 35, 28, 26)


def test_tables_fit_the_type_area(exported):
    path, _document, _doc = exported
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    text_width = round((210 - 28 - 26) / 25.4 * 1440)
    for tbl in root.iter(f"{W}tbl"):
        width = sum(int(col.get(f"{W}w")) for col in tbl.iter(f"{W}gridCol"))
        assert abs(width - text_width) <= 2
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_special_characters_never_corrupt_the_docx(demo, tmp_path):
    report = demo.with_values(nar_other=NASTY + "\n第二段", nar_preface=NASTY,
                              meta_org="A&B <镇>人民政府")
    path = export_report(report, tmp_path / "nasty.docx")
    document = docx.Document(str(path))  # parses: the XML is well formed
    texts = [p.text for p in document.paragraphs]
    assert "A&B <镇>人民政府" in texts  # the 落款
    nasty = [t for t in texts if t.startswith("A&B <script>")]
    assert len(nasty) == 2
    for text in nasty:
        assert "😀🇨🇳" in text and "“全角”" in text and "\"双引号\"" in text
        assert not any(ch in text for ch in NASTY_CONTROLS)
    assert "第二段" in texts


def test_template_leftovers_are_gone(exported):
    path, _document, _doc = exported
    names = zipfile.ZipFile(path).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names
