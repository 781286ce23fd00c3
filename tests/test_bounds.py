"""Any workbook is read in bounded time and memory — and reads the same whichever way.

A sheet python-calamine cannot read within bounds (a cell at XFD1048576, a
million rows, cells written an unusual way) is read by picking the cells
needed out of its XML, or by streaming it; the tests below also force those
two ways on ordinary workbooks and check they read exactly what calamine reads.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hostile import add_to_sheet_data, force_sparse, rezip
from xlsx_helpers import set_cell_xml, sheet_part

from giar_xl.model import ErrorValue
from giar_xl.workbook.reader import read_workbook
from giar_xl.workbook.sheetscan import scan_sheet

TABLE3 = "三、依申请公开"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(params=["calamine", "picked", "streamed"])
def way(request, monkeypatch) -> str:
    """Read every sheet the given way (calamine: as the scan decides)."""
    if request.param != "calamine":
        force_sparse(monkeypatch, plain=request.param == "picked")
    return request.param


def _edit_sheet(src: Path, dst: Path, sheet: str, edit) -> Path:
    return rezip(src, dst, {sheet_part(src, sheet): edit})


def _set_cell(src: Path, dst: Path, sheet: str, ref: str, cell_xml: str, extra=None) -> Path:
    def edit(xml: bytes) -> bytes:
        return set_cell_xml(xml.decode(), ref, cell_xml).encode()

    return rezip(src, dst, {sheet_part(src, sheet): edit}, extra)


def test_every_way_reads_the_demo_alike(way, demo_xlsx, demo):
    result = read_workbook(demo_xlsx)
    assert result.findings == () and result.report == demo


SHARED = (f'<sst xmlns="{MAIN}"><si><t>零</t></si><si><r><t>两</t></r><r><rPr><b/></rPr><t>件</t></r>'
          f'<rPh sb="0" eb="1"><t>liang</t></rPh></si><si><t xml:space="preserve"> 3 </t></si></sst>')


@pytest.mark.parametrize("sheet,ref,field,cell_xml,expected", [
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="s"><v>1</v></c>', "两件"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="s"><v>2</v></c>', "3"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="inlineStr"><is><t>二</t></is></c>', "二"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="e"><v>#REF!</v></c>', ErrorValue("#REF!")),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
     ErrorValue("#DIV/0!")),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="str"><f>"a"</f><v>a</v></c>', "a"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" t="b"><v>1</v></c>', "TRUE"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7"><v>-3</v></c>', -3),
    (TABLE3, "D7", "req_new_natural", '<c r="D7"><v> 7 </v></c>', "7"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7" s="7"><v>46034</v></c>', "2026-01-12"),
    (TABLE3, "D7", "req_new_natural", '<c r="D7"><f>SUM(A1)</f><v></v></c>', None),
    ("封面", "B5", "meta_date", '<c r="B5" s="7"><v>46034</v></c>', dt.date(2026, 1, 12)),
    ("封面", "B5", "meta_date", '<c r="B5" t="d"><v>2026-01-12T00:00:00</v></c>', dt.date(2026, 1, 12)),
    ("封面", "B5", "meta_date", '<c r="B5" t="d"><v>2026-01-12</v></c>', dt.date(2026, 1, 12)),
])
def test_every_way_reads_a_value_alike(way, demo_copy, tmp_path, sheet, ref, field, cell_xml,
                                       expected):
    path = _set_cell(demo_copy, tmp_path / "typed.xlsx", sheet, ref, cell_xml,
                     {"xl/sharedStrings.xml": SHARED.encode()})
    assert read_workbook(path).report[field] == expected


FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


@pytest.mark.parametrize("stray", [
    FAR_CELL,  # calamine: a 512 GB rectangle (the process aborts)
    b'<row r="1048576"><c r="A1" t="n" r="XFD1048576"><v>1</v></c></row>',  # calamine takes the last r
    f'<x:row xmlns:x="{MAIN}" r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'.encode(),
    b'<row r="1048576">' + b"<c/>" * 16383 + b"<c><v>1</v></c></row>",  # placed by counting
    b"<!-- " + b'<c r="A1" t="e">' * 60000 + b" -->",  # once took the error scan > 300 s
    b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(100, 20100)),
])
def test_stray_cells_far_out_leave_the_report_intact(demo_copy, tmp_path, demo, stray):
    path = _edit_sheet(demo_copy, tmp_path / "stray.xlsx", TABLE3,
                       lambda xml: add_to_sheet_data(xml, stray))
    result = read_workbook(path)
    assert result.findings == () and result.report == demo


def test_a_changed_figure_is_read_beside_a_far_cell(demo_copy, tmp_path):
    def edit(xml: bytes) -> bytes:
        xml = set_cell_xml(xml.decode(), "D7", '<c r="D7"><v>3</v></c>').encode()
        return add_to_sheet_data(xml, FAR_CELL)

    path = _edit_sheet(demo_copy, tmp_path / "far.xlsx", TABLE3, edit)
    assert read_workbook(path).report["req_new_natural"] == 3


def test_a_name_moved_far_out_reads_the_cell_it_names(demo_copy, tmp_path):
    def move(xml: bytes) -> bytes:
        name = re.compile(rb'(<definedName name="req_new_natural"[^>]*>)[^<]*<')
        return name.sub(rb"\1'" + TABLE3.encode() + rb"'!$XFD$1048576<", xml)

    path = _edit_sheet(demo_copy, tmp_path / "moved.xlsx", TABLE3,
                       lambda xml: add_to_sheet_data(xml, FAR_CELL.replace(b">1<", b">9<")))
    path = rezip(path, tmp_path / "moved2.xlsx", {"xl/workbook.xml": move})
    assert read_workbook(path).report["req_new_natural"] == 9


def test_an_error_value_among_comment_fragments_is_still_found(demo_copy, tmp_path):
    def edit(xml: bytes) -> bytes:
        xml = set_cell_xml(xml.decode(), "D7", '<c r="D7" t="e"><v>#N/A</v></c>').encode()
        return add_to_sheet_data(xml, b"<!-- " + b'<c r="A1" t="e">' * 60000 + b" -->")

    result = read_workbook(_edit_sheet(demo_copy, tmp_path / "e.xlsx", TABLE3, edit))
    assert result.report["req_new_natural"] == ErrorValue("#N/A")
    assert not [f for f in result.findings if f.rule == "label-edited"]


def _sheet(cells: bytes) -> bytes:
    return b'<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (MAIN.encode(), cells)


@pytest.mark.parametrize("cells,fits,plain", [
    (b'<row r="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="CZ9999"/></row>', True, True),
    (b'<row r="1"><c r="A1" s="2" t="n" /></row>', True, True),
    (b'<row r="1"><c r="DA1"><v>1</v></c></row>', False, True),
    (b'<row r="1"><c r="A10000"><v>1</v></c></row>', False, True),
    (b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>', False, True),
    (b'<row r="1"><c r="A1" r="XFD1"><v>1</v></c></row>', False, False),
    (b'<row r="1"><c r="A1" s=">" r="XFD1"><v>1</v></c></row>', False, False),
    (b"<row r=\"1\"><c r=\"A1\" t='>' r='XFD1'><v>1</v></c></row>", False, False),
    (b'<row r="1"><c r="A1" t="inlineStr"><is><t>r</t></is></c></row>', True, True),
    (b'<row r="1"><c s="1" r="A1"><v>1</v></c></row>', False, False),
    (b"<row r='1'><c r='A1'><v>1</v></c></row>", False, False),
    (b'<row r="1"><c><v>1</v></c></row>', False, False),
    (b'<row r="1"><c r="a1"><v>1</v></c></row>', False, False),
    (b'<row r="1"><c r="A01"><v>1</v></c></row>', False, False),
    (b'<row r="1"><x:c xmlns:x="urn:x" r="A1"><v>1</v></x:c></row>', False, False),
    (b"<!-- <c r='A1'> -->", False, False),  # conservative: a comment counts
])
def test_only_plain_cells_near_a1_go_to_calamine(cells, fits, plain):
    scan = scan_sheet(_sheet(cells))
    assert (scan.fits, scan.plain) == (fits, plain)


def test_a_shared_string_copied_into_many_cells_is_not_multiplied():
    """calamine copies a shared string into every cell using it: 5,000 cells x 1 MB."""
    cells = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r)
                     for r in range(1, 5001))
    assert scan_sheet(_sheet(cells), shared_strings_bytes=1000).fits
    assert not scan_sheet(_sheet(cells), shared_strings_bytes=1 << 20).fits


def test_error_cells_come_from_the_same_scan():
    cells = b'<row r="2"><c r="B2" t="e"><v>#REF!</v></c><c r="C2" t="e"></c><c r="D2"><v>1</v></c></row>'
    assert scan_sheet(_sheet(cells)).errors == {"B2": ErrorValue("#REF!"), "C2": ErrorValue("#N/A")}
