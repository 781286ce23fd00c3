"""Old and other office files (.doc .wps .odt .rtf through LibreOffice), pages saved as .mht,
text in GBK/GB18030/UTF-16/Big5, and spreadsheets (.xls .et .ods): a giar-xl workbook saved in
an old format is checked as the workbook it is, any other sheet imported as a report."""

from __future__ import annotations

import email.message
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from layouts import html, tab_text, word
from test_import_formats import assert_same_report

from giar_xl.check import check_file, iter_files
from giar_xl.cli import main
from giar_xl.errors import InputError
from giar_xl.importer import import_report
from giar_xl.office import convert_all
from giar_xl.workbook.build import write_workbook


@pytest.fixture(scope="module")
def dated(published):
    return published


@pytest.fixture(scope="module")
def writer_files(dated, tmp_path_factory) -> dict[str, Path]:
    """The exported Word report saved by LibreOffice as .doc, .odt and .rtf (and the .doc
    renamed .wps, as WPS Writer stores it)."""
    folder = tmp_path_factory.mktemp("writer")
    source = word(dated, folder, "年报")
    files = {}
    for suffix in ("doc", "odt", "rtf"):
        [files[suffix]] = convert_all([source], suffix, folder / suffix)
    files["wps"] = Path(shutil.copy(files["doc"], folder / "年报.wps"))
    return files


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["doc", "wps", "odt", "rtf"])
def test_word_processor_files_import_to_the_same_report(writer_files, suffix, dated, spec):
    original = writer_files[suffix].read_bytes()
    assert_same_report(import_report(writer_files[suffix]), dated, spec)
    assert writer_files[suffix].read_bytes() == original  # converted from a copy


def test_without_libreoffice_the_message_names_what_to_install(tmp_path, monkeypatch):
    import giar_xl.office

    monkeypatch.setattr(giar_xl.office, "find_soffice", lambda: None)
    path = tmp_path / "年报.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match="LibreOffice") as raised:
        import_report(path)
    assert "libreoffice-writer" in str(raised.value) and ".docx" in str(raised.value)
    sheet = tmp_path / "年报.xls"
    write_workbook(tmp_path / "wb.xlsx")
    with pytest.raises(InputError):  # not an .xls at all: calamine refuses it first
        sheet.write_bytes(b"junk")
        import_report(sheet)


@pytest.mark.libreoffice
def test_a_damaged_doc_is_a_message(tmp_path):
    path = tmp_path / "坏.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(InputError):
        import_report(path)


def test_a_page_saved_as_mht(dated, spec, tmp_path):
    page = html(dated, tmp_path, "年报").read_text(encoding="utf-8")
    message = email.message.EmailMessage()
    message["Subject"] = "年报"
    message["MIME-Version"] = "1.0"
    message.make_mixed()
    part = email.message.EmailMessage()
    part.set_content(page.replace('charset="utf-8"', 'charset="gb18030"'), subtype="html",
                     charset="gb18030", cte="quoted-printable")
    message.attach(part)
    path = tmp_path / "年报.mht"
    path.write_bytes(message.as_bytes())
    assert b"=" in path.read_bytes()  # quoted-printable, not the page's own bytes
    assert_same_report(import_report(path), dated, spec)


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_a_page_saved_by_chrome_as_mht_declares_no_charset(dated, spec, tmp_path, cte):
    """Chrome and Edge write ``Content-Type: text/html`` with no charset: the page's own
    <meta charset> decides, as for a saved .html page."""
    import base64
    import quopri

    page = html(dated, tmp_path, "年报").read_bytes()
    assert b'charset="utf-8"' in page or b"charset=utf-8" in page.lower()
    body = base64.encodebytes(page) if cte == "base64" else quopri.encodestring(page)
    path = tmp_path / "年报.mhtml"
    path.write_bytes(b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
                     b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n'
                     b'\tboundary="----MultipartBoundary--x----"\r\n\r\n'
                     b"------MultipartBoundary--x----\r\nContent-Type: text/html\r\n"
                     + f"Content-Transfer-Encoding: {cte}\r\n".encode()
                     + b"Content-Location: http://example.gov.cn/nb.html\r\n\r\n"
                     + body.replace(b"\n", b"\r\n")
                     + b"\r\n------MultipartBoundary--x------\r\n")
    assert_same_report(import_report(path), dated, spec)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-16"])
def test_text_in_chinese_and_unicode_encodings(dated, spec, tmp_path, encoding):
    text = tab_text(dated, tmp_path, "年报").read_text(encoding="utf-8")
    path = tmp_path / f"年报.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert_same_report(import_report(path), dated, spec)


def test_text_in_big5_traditional_characters(dated, spec, tmp_path):
    import opencc

    text = tab_text(dated, tmp_path, "年报").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    path = tmp_path / "年报.big5.txt"
    path.write_bytes(traditional.encode("big5", errors="replace"))
    result = import_report(path)
    tables = [f.id for f in spec.report_fields() if f.table]
    assert {f: result.report[f] for f in tables} == {f: dated[f] for f in tables}
    assert result.report.org == "北留镇人民政府"


@pytest.fixture(scope="module")
def old_workbooks(demo, tmp_path_factory) -> dict[str, Path]:
    """The demo workbook with one wrong total, saved by LibreOffice as .xls and .ods (and the
    .xls renamed .et, as WPS Spreadsheets stores it)."""
    folder = tmp_path_factory.mktemp("old")
    source = write_workbook(folder / "年报.xlsx", report=demo.with_values(req_new_total=3))
    files = {}
    for suffix in ("xls", "ods"):
        [files[suffix]] = convert_all([source], suffix, folder / suffix)
    files["et"] = Path(shutil.copy(files["xls"], folder / "年报.et"))
    return files


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["xls", "et", "ods"])
def test_a_giar_workbook_in_an_old_format_is_checked_as_the_workbook(old_workbooks, suffix):
    path = old_workbooks[suffix]
    result = check_file(path)
    assert result.status == "errors" and result.path == str(path)
    errors = {(e.rule, e.sheet, e.cell, e.expected, e.actual) for e in result.errors}
    assert errors == {("req-row-total", "三、依申请公开", "J7", 2, 3),  # as for the .xlsx
                      ("req-balance", "三、依申请公开", "J31", 1, 0)}
    assert result.organ == "北留镇人民政府"


@pytest.mark.libreoffice
def test_a_report_typed_into_a_spreadsheet_is_imported(dated, spec, tmp_path):
    import openpyxl

    text = tab_text(dated, tmp_path, "年报").read_text(encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in text.split("\n"):
        sheet.append([_cell(c) for c in line.split("\t")])
    book.save(tmp_path / "typed.xlsx")
    [ods] = convert_all([tmp_path / "typed.xlsx"], "ods", tmp_path / "ods")
    result = import_report(ods)
    tables = [f.id for f in spec.report_fields() if f.table]
    assert {f: result.report[f] for f in tables} == {f: dated[f] for f in tables}
    assert result.report.origin("req_results_total").startswith("工作表「Sheet")


def _cell(text: str):
    return int(text) if text.isdigit() else text


def test_folders_pick_up_every_supported_suffix(tmp_path):
    for name in ("a.pdf", "b.doc", "c.wps", "d.odt", "e.rtf", "f.mht", "g.mhtml", "h.xls",
                 "i.et", "j.ods", "k.txt", "l.zip", "m.json", "Thumbs.db"):
        (tmp_path / name).write_bytes(b"x")
    found = {p.name for p in iter_files([tmp_path])}
    assert found == {"a.pdf", "b.doc", "c.wps", "d.odt", "e.rtf", "f.mht", "g.mhtml", "h.xls",
                     "i.et", "j.ods", "k.txt", "l.zip"}  # the archive: to say it was not opened


@pytest.mark.parametrize(("name", "words"), [("某乡年报.zip", "压缩包"), ("某乡年报.JPG", "图片"),
                                             ("某乡年报.rar", "请先解压")])
def test_an_archive_or_picture_in_a_folder_is_named_not_skipped(tmp_path, name, words):
    """A reviewer's folder holds a report sent as a .zip or photographed: it is listed as
    unusable with the reason, not passed over in silence (the organ looked as if it sent
    nothing)."""
    (tmp_path / name).write_bytes(b"PK\x03\x04 not opened")
    (tmp_path / "照片说明.json").write_bytes(b"{}")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert name in result.output and words in result.output and "json" not in result.output
    assert "Traceback" not in result.output


def test_check_names_the_formats_it_reads(tmp_path):
    path = tmp_path / "年报.numbers"
    path.write_bytes(b"x")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and ".pdf" in result.output and ".doc" in result.output
