"""How the Word export lays out on paper: column widths, tables across pages, no stretched lines.

The docx is checked for what decides the layout (cell widths, keep-with-next, alignment);
one test renders it in LibreOffice and reads where table 三 breaks.
"""

from __future__ import annotations

import math
import re
import subprocess
import zipfile

import pytest
from lxml import etree

from giar_xl.export import build_document, export_report
from giar_xl.export.table_widths import MM_PER_PT, column_widths, ems
from giar_xl.export.word import KEEP_ROWS
from giar_xl.export.word_styles import TABLE_PT, TEXT_WIDTH_MM
from giar_xl.office import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGINS_MM = 2  # 1 mm each side
REQUESTERS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


@pytest.fixture(scope="module")
def docx_path(demo, tmp_path_factory):
    return export_report(demo, tmp_path_factory.mktemp("layout") / "report.docx")


@pytest.fixture(scope="module")
def body(docx_path):
    return etree.fromstring(zipfile.ZipFile(docx_path).read("word/document.xml")).find(f"{W}body")


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _table_with(body, label: str):
    return next(t for t in body.iter(f"{W}tbl") if label in _text(t))


def _lines(text: str, width_twips: int, font_pt: float) -> int:
    per_line = math.floor(((width_twips / TWIPS_PER_MM) - CELL_MARGINS_MM) / (font_pt * MM_PER_PT))
    return math.ceil(len(text) / per_line)


def test_requester_headers_break_at_most_once(body):
    table = _table_with(body, "社会公益组织")
    cells = {_text(tc): int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
             for tc in table.iter(f"{W}tc")}
    lines = {label: _lines(label, cells[label], TABLE_PT) for label in REQUESTERS}
    assert lines["自然人"] == 1 and lines["其他"] == 1 and lines["总计"] == 1
    assert lines["社会公益组织"] == 2 and lines["法律服务机构"] == 2 and lines["商业企业"] <= 2


def test_crowded_table_gives_the_rest_to_the_row_labels(demo, spec):
    doc = build_document(demo)
    req = next(g for s in doc.sections for b in s.blocks if hasattr(b, "grids")
               for g in b.grids if g.table == "req")
    widths = column_widths([req], req.column_weights, TABLE_PT, TEXT_WIDTH_MM)
    assert math.isclose(sum(widths), TEXT_WIDTH_MM)
    assert widths[2] == max(widths)  # 1.属于国家秘密 … the innermost row labels
    assert widths[1] >= 3 * TABLE_PT * MM_PER_PT  # 「（三）」 stays on one line
    assert ems("2.其他") == 3.1


def _keeps(tr) -> bool:
    return tr.find(f".//{W}pPr/{W}keepNext") is not None


def test_short_tables_stay_whole_and_table_3_never_strands_a_few_rows(body):
    for label in ("本年处理决定数量", "复议后起诉"):  # 二 and 四 fit on a page: kept whole
        rows = _table_with(body, label).findall(f"{W}tr")
        assert [_keeps(tr) for tr in rows] == [True] * (len(rows) - 1) + [False]
    rows = _table_with(body, "社会公益组织").findall(f"{W}tr")
    keeps = [_keeps(tr) for tr in rows]
    header = sum(1 for tr in rows if tr.find(f"{W}trPr/{W}tblHeader") is not None)
    assert keeps[:header + KEEP_ROWS] == [True] * (header + KEEP_ROWS)
    assert keeps[-KEEP_ROWS - 1:] == [True] * KEEP_ROWS + [False]
    assert not all(keeps[:-1])  # it may break in the middle
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)


def test_a_paragraph_with_a_web_address_is_not_justified(body):
    paragraphs = [p for p in body.iter(f"{W}p") if "www.yczf.gov.cn" in _text(p)]
    assert paragraphs
    for p in paragraphs:
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
    plain = next(p for p in body.iter(f"{W}p") if _text(p).startswith("2025 年度本机关没有收取"))
    assert plain.find(f"{W}pPr/{W}jc") is None  # other paragraphs keep the style's justify


@pytest.mark.libreoffice
def test_libreoffice_breaks_table_3_with_rows_on_both_pages(docx_path, demo, spec, tmp_path):
    pdf = convert(docx_path, "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    labels = [re.sub(r"\s", "", leaf.label) for _p, leaf in
              (x for node in spec.tables["req"].rows for x in node.leaves())]
    counts = [sum(1 for label in labels if label[:8] in "".join(page.split())) for page in pages]
    on_pages = [c for c in counts if c]
    assert sum(on_pages) >= len(labels) - 2  # (a label may wrap inside its first 8 characters)
    assert len(on_pages) <= 2 and min(on_pages) >= KEEP_ROWS
