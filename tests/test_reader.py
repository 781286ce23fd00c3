"""Reading filled workbooks: exact round trip, damage reported, bad files refused clearly."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from xlsx_helpers import patch_xlsx, set_cell_xml, sheet_part

from giar_xl import zipsafe
from giar_xl.errors import InputError
from giar_xl.model import ErrorValue
from giar_xl.workbook import ooxml
from giar_xl.workbook.build import write_workbook
from giar_xl.workbook.reader import read_workbook


def test_demo_round_trip_is_exact(demo_xlsx, demo):
    result = read_workbook(demo_xlsx)
    assert result.findings == ()
    assert result.report == demo
    assert result.report.org == "北留镇人民政府" and result.report.year == 2025
    assert result.report.origin("req_results_total") == "三、依申请公开!J30"


def test_blank_workbook_reads_as_blank(tmp_path):
    result = read_workbook(write_workbook(tmp_path / "blank.xlsx"))
    assert result.findings == ()
    assert all(v is None for v in result.report.values.values())


def _with_cell(demo_copy, tmp_path, sheet, ref, cell_xml):
    part = sheet_part(demo_copy, sheet)
    out = tmp_path / "patched.xlsx"
    return patch_xlsx(demo_copy, out, {part: lambda xml: set_cell_xml(xml, ref, cell_xml)})


@pytest.mark.parametrize("cell_xml,expected", [
    ('<c r="D7" t="inlineStr"><is><t>两件</t></is></c>', "两件"),
    ('<c r="D7" t="e"><v>#REF!</v></c>', ErrorValue("#REF!")),
    ('<c r="D7"><f>#REF!+1</f><v>#REF!</v></c>', "#REF!"),
    ('<c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>', ErrorValue("#DIV/0!")),
    ('<c r="D7"><v>-3</v></c>', -3),
    ('<c r="D7"><v>2.5</v></c>', Decimal("2.5")),
    ('<c r="D7" t="inlineStr"><is><t>/</t></is></c>', "/"),
    ('<c r="D7" t="b"><v>1</v></c>', "TRUE"),
    ('<c r="D7" t="inlineStr"><is><t>   </t></is></c>', None),
])
def test_values_are_kept_as_typed(demo_copy, tmp_path, cell_xml, expected):
    """The reader never judges: text, errors, negatives and fractions reach the rules."""
    path = _with_cell(demo_copy, tmp_path, "三、依申请公开", "D7", cell_xml)
    assert read_workbook(path).report["req_new_natural"] == expected


def test_dates_in_either_form(tmp_path, demo):
    path = write_workbook(tmp_path / "d.xlsx", report=demo.with_values(meta_date=dt.date(2026, 1, 12)))
    assert read_workbook(path).report["meta_date"] == dt.date(2026, 1, 12)
    path = write_workbook(tmp_path / "t.xlsx", report=demo.with_values(meta_date="2026年1月12日"))
    assert read_workbook(path).report["meta_date"] == dt.date(2026, 1, 12)


def test_renamed_sheet_is_found_by_its_names_and_reported(demo_copy, tmp_path):
    # Excel renames a sheet together with every defined name that points at it.
    old, new = "三、依申请公开", "依申请"
    out = patch_xlsx(demo_copy, tmp_path / "renamed.xlsx", {
        "xl/workbook.xml": lambda xml: xml.replace(f'name="{old}"', f'name="{new}"')
                                         .replace(f"'{old}'!", f"'{new}'!")})
    result = read_workbook(out)
    assert result.report["req_new_natural"] == 2  # still read, through the names
    [finding] = [f for f in result.findings if f.rule == "sheet-renamed"]
    # the fields are still located: an error, not an unusable file
    assert not finding.blocking and finding.expected == old and finding.actual == new
    assert "改名" in finding.message


def test_a_sheet_renamed_by_a_program_that_left_the_names_is_named_to_rename_back(demo_copy):
    # Excel, WPS and LibreOffice move the defined names with a renamed sheet (sheet-renamed);
    # a script that renames it leaves them behind: the one sheet the format does not know is
    # named, with what to do, instead of only 「请用原始工作簿重新填报」.
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"].title = "三、依申请"
    wb.save(demo_copy)
    [finding] = [f for f in read_workbook(demo_copy).findings if f.rule == "sheet-missing"]
    assert "如果工作表「三、依申请」就是它（被改了名），请改回「三、依申请公开」" in finding.message


def test_deleted_sheet_is_reported_and_its_fields_unreadable(demo_copy, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    del wb["四、复议诉讼"]
    for name in [n for n in wb.defined_names if n.startswith("lit_")]:
        del wb.defined_names[name]
    wb.save(demo_copy)
    result = read_workbook(demo_copy)
    assert [f.rule for f in result.findings] == ["sheet-missing"]
    assert result.findings[0].blocking
    assert result.findings[0].message.endswith("请用原始工作簿重新填报。")
    assert "改回" not in result.findings[0].message  # no sheet of the file to rename back
    assert {f for f in result.report.unreadable} == {
        f.id for f in result.report.spec.fields.values() if f.table == "lit"}


def test_edited_label_is_reported_with_expected_text(demo_copy, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["A7"] = "一、本年新收申请"
    wb.save(demo_copy)
    [finding] = read_workbook(demo_copy).findings
    assert finding.rule == "label-edited" and finding.cell == "A7" and not finding.blocking
    assert finding.expected == "一、本年新收政府信息公开申请数量"
    assert finding.actual == "一、本年新收申请"


def test_inserted_row_moves_labels_but_names_still_find_values(demo_copy, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    ws = wb["五、问题及改进"]
    ws["A4"], ws["B4"] = None, None
    ws["A5"] = "存在的主要问题及改进情况"
    ws["B5"] = "问题写在这里"
    wb.defined_names["nar_problems"].attr_text = "'五、问题及改进'!$B$5"
    wb.save(demo_copy)
    result = read_workbook(demo_copy)
    assert result.report["nar_problems"] == "问题写在这里"
    assert [f.rule for f in result.findings] == ["label-edited"]


def test_broken_name_falls_back_to_the_cell(demo_copy, tmp_path):
    out = patch_xlsx(demo_copy, tmp_path / "ref.xlsx", {
        "xl/workbook.xml": lambda xml: xml.replace(
            "'三、依申请公开'!$D$7</definedName>", "#REF!</definedName>")})
    result = read_workbook(out)
    assert result.report["req_new_natural"] == 2
    [finding] = result.findings
    assert finding.rule == "name-broken" and finding.cell == "D7"


def _docx_bytes() -> bytes:
    import io
    import zipfile
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


@pytest.mark.parametrize("make,message", [
    (lambda p: p.write_text("机关名称,北留镇\n", encoding="utf-8"), "而是文本（如 CSV）文件：请用 Excel"),
    (lambda p: p.write_text("机关名称,北留镇\n", encoding="gbk"), "而是文本（如 CSV）文件"),
    (lambda p: p.write_text("<html><table><tr><td>1</td></tr></table>", encoding="utf-8"),
     "网页（HTML/XML）另存的表格"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3"), "这是 PDF 文件"),
    (lambda p: p.write_bytes(bytes(range(256)) * 8), "可能已损坏，或只是改了扩展名"),
    (lambda p: p.write_bytes(_docx_bytes()), "请把扩展名改为 .docx"),
    (lambda p: p.write_bytes(b""), "空的"),
    (lambda p: p.write_bytes(ooxml.OLE_MAGIC + b"\0" * 600), ".xls"),
    (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "损坏"),
])
def test_unusable_files_get_a_chinese_message(tmp_path, make, message):
    path = tmp_path / "bad.xlsx"
    make(path)
    with pytest.raises(InputError, match=message):
        read_workbook(path)


def test_truncated_workbook_is_refused(demo_xlsx, tmp_path):
    data = demo_xlsx.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="损坏"):
        read_workbook(path)


def test_corrupt_member_is_refused(demo_xlsx, tmp_path):
    path = tmp_path / "garbled.xlsx"
    data = bytearray(demo_xlsx.read_bytes())
    with zipfile.ZipFile(demo_xlsx) as z:
        info = z.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + 5
    data[start:start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(InputError):
        read_workbook(path)


def test_word_document_is_pointed_to_import(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="import"):
        read_workbook(path)


def test_some_other_workbook_is_refused(tmp_path):
    path = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "预算"
    wb.save(path)
    with pytest.raises(InputError, match="不是 giar-xl 年报工作簿"):
        read_workbook(path)


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(zipsafe.MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="过大"):
        read_workbook(path)


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zipsafe, "MAX_UNPACKED_BYTES", 10_000)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/big.bin", b"\0" * 50_000)
    with pytest.raises(InputError, match="解压后过大"):
        read_workbook(path)


def test_deleted_sheet_whose_names_remain(demo_copy):
    """openpyxl (and some tools) delete a sheet but leave its names pointing at it."""
    wb = openpyxl.load_workbook(demo_copy)
    del wb["四、复议诉讼"]
    wb.save(demo_copy)
    result = read_workbook(demo_copy)
    assert [f.rule for f in result.findings] == ["sheet-missing"]
    assert "lit_review_total" in result.report.unreadable


def test_a_formula_without_its_result_is_said_so_not_called_blank(demo_copy):
    # A program that writes formulas without calculating them (openpyxl here) leaves no
    # result in the file: the cell is not 「未填」, and the clerk is told what to do.
    from giar_xl.check import check_file
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["E7"] = "=1+1"
    wb["三、依申请公开"]["J8"] = "=SUM(D8:I8)"
    wb.save(demo_copy)
    result = read_workbook(demo_copy)
    found = {(f.rule, f.cell, f.actual) for f in result.findings}
    assert found == {("formula-no-value", "E7", "=1+1"), ("formula-no-value", "J8", "=SUM(D8:I8)")}
    assert {"req_new_business", "req_carried_in_total"} <= result.report.unreadable
    checked = check_file(demo_copy)
    assert {f.rule for f in checked.findings} == {"formula-no-value"}  # no 「未填」, no sums
    assert "请在 Excel/WPS 中打开并保存后再校验" in checked.findings[0].message
