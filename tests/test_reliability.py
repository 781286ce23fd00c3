"""Hostile packages are refused with a Chinese message, dying workers cost one file,
oversized workbooks are checked but not annotated."""

from __future__ import annotations

import faulthandler
import os
import shutil
import signal
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import (
    RawMember,
    add_to_sheet_data,
    deflated,
    docx_parts,
    rezip,
    write_raw_zip,
    zeros_stream,
)
from xlsx_helpers import sheet_part

from giar_xl import batch, zipsafe
from giar_xl.check import check_file
from giar_xl.cli import main
from giar_xl.errors import InputError

GIB_2_2 = 2253  # MiB: a document.xml of 2.2 GiB


# -- zip packages -----------------------------------------------------------------
def _docx_with_document(tmp_path: Path, member: RawMember) -> Path:
    parts = docx_parts(b"<w:document/>")
    return write_raw_zip(tmp_path / "报告.docx", [parts[0], replace(member, name="word/document.xml")])


def test_a_word_document_declaring_2_gb_is_refused_unread(tmp_path):
    path = _docx_with_document(tmp_path, RawMember("", zeros_stream(GIB_2_2), GIB_2_2 << 20))
    result = check_file(path)
    assert result.status == "unreadable" and "解压后过大" in result.unreadable


@pytest.mark.parametrize("suffix", [".odt", ".ods"])
def test_other_zip_packages_get_the_same_limits_before_any_converter(tmp_path, suffix):
    mimetype = replace(deflated(b"application/vnd.oasis.opendocument"), name="mimetype")
    path = write_raw_zip(tmp_path / f"报告{suffix}",
                         [mimetype, RawMember("content.xml", zeros_stream(GIB_2_2), GIB_2_2 << 20)])
    assert "解压后过大" in check_file(path).unreadable


def test_a_word_document_inflating_past_what_it_declares_is_refused(tmp_path):
    """The header claims 10 KB; the stream would inflate to 2.2 GB: reading stops at 10 KB."""
    path = _docx_with_document(tmp_path, RawMember("", zeros_stream(GIB_2_2), 10_000))
    result = check_file(path)
    assert result.status == "unreadable" and "损坏" in result.unreadable


def test_a_word_document_part_over_the_parse_limit_is_refused(tmp_path):
    size = (zipsafe.MAX_PART_BYTES >> 20) + 1
    path = _docx_with_document(tmp_path, RawMember("", zeros_stream(size), size << 20))
    result = check_file(path)
    assert "解压后过大" in result.unreadable and "word/document.xml" in result.unreadable


def test_two_members_named_alike_are_refused(tmp_path, demo_xlsx):
    """python-calamine finds parts whatever their case: it could read the other one."""
    part = sheet_part(demo_xlsx, "三、依申请公开")
    path = rezip(demo_xlsx, tmp_path / "twins.xlsx", {}, {part.upper(): b"<worksheet/>"})
    assert "重名" in check_file(path).unreadable


def test_an_encrypted_member_is_refused(tmp_path):
    parts = docx_parts(b"<w:document/>")
    path = write_raw_zip(tmp_path / "locked.docx", [parts[0], replace(parts[1], flags=0x1)])
    assert "加密" in check_file(path).unreadable


def test_a_package_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zipsafe, "MAX_DIRECTORY_BYTES", 1000)
    members = docx_parts(b"<w:document/>") + [replace(deflated(b""), name=f"x/{i:04d}") for i in range(40)]
    path = write_raw_zip(tmp_path / "many.docx", members)
    assert "条目过多" in check_file(path).unreadable


def test_an_oversized_word_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.docx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(zipsafe.MAX_FILE_BYTES + 1)
    assert "过大" in check_file(path).unreadable


def test_a_pipe_named_like_a_package_does_not_hang(tmp_path):
    path = tmp_path / "报告.xlsx"
    os.mkfifo(path)
    with pytest.raises(InputError, match="不是普通文件"):
        zipsafe.open_zip(path, "Excel 工作簿")


def test_an_ordinary_word_document_still_opens(tmp_path):
    document = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                b"<w:body><w:p><w:r><w:t>\xe5\xb9\xb4\xe6\x8a\xa5</w:t></w:r></w:p></w:body></w:document>")
    path = write_raw_zip(tmp_path / "ok.docx", docx_parts(document))
    from giar_xl.importer.docx_source import read_docx_file

    assert [line.cells for line in read_docx_file(path)] == [("年报",)]


# -- the process pool ---------------------------------------------------------
def test_a_dying_worker_costs_one_file_not_the_batch(tmp_path, demo_xlsx, monkeypatch):
    """Workers really die here: one aborts (as python-calamine does on a failed
    allocation), one is killed (as by the out-of-memory killer), one runs out of memory."""
    files = [shutil.copy(demo_xlsx, tmp_path / f"{i:02d}.xlsx") for i in range(batch.POOL_THRESHOLD + 6)]
    deaths = {"05.xlsx": _abort, "17.xlsx": lambda: os.kill(os.getpid(), signal.SIGKILL),
              "23.xlsx": _no_memory}
    load = batch.load

    def dying_load(path, spec=None):
        deaths.get(Path(path).name, lambda: None)()
        return load(path, spec)

    monkeypatch.setattr(batch, "load", dying_load)  # the workers are forked: they inherit it
    outcomes = list(batch.run_jobs([batch.Job(str(f)) for f in files], workers=2))
    assert [o.result.path for o in outcomes] == [str(f) for f in files]
    unreadable = {Path(o.result.path).name: o.result.unreadable for o in outcomes
                  if o.result.status == "unreadable"}
    assert unreadable == {"05.xlsx": batch.WORKER_DIED, "17.xlsx": batch.WORKER_DIED,
                          "23.xlsx": batch.OUT_OF_MEMORY}
    assert all(o.result.status == "ok" for o in outcomes if Path(o.result.path).name not in deaths)


def _abort():
    faulthandler.disable()  # pytest's handler would print the dying worker's stack
    os.abort()


def _no_memory():
    raise MemoryError


# -- marked copies --------------------------------------------------------------
ROWS = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(100, 60100))


@pytest.mark.parametrize("sheet,rows", [
    ("校验结果", ROWS),  # 60,000 used rows: the XML is over the limit
    ("三、依申请公开", b'<row r="60000"><c r="Z60000"><v>1</v></c></row>'),  # used range
    ("三、依申请公开", b""),  # a merged range of a million cells
])
def test_an_oversized_workbook_is_checked_but_not_annotated(demo_copy, tmp_path, sheet, rows):
    part = sheet_part(demo_copy, sheet)

    def edit(xml: bytes) -> bytes:
        if not rows:
            return xml.replace(b"</mergeCells>", b'<mergeCell ref="AA1:AZ40000"/></mergeCells>')
        return add_to_sheet_data(xml, rows)

    path = rezip(demo_copy, tmp_path / "big.xlsx", {part: edit})
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["check", str(path), "--annotate", str(tmp_path / "m.xlsx")])
    assert "未发现问题" in result.output  # the check's result is printed
    assert result.exit_code != 0  # a requested output was not written
    assert "工作簿过大" in result.output and "200,000 个单元格" in result.output
    assert not (tmp_path / "m.xlsx").exists() and path.read_bytes() == before
