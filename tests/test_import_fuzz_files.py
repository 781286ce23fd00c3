"""Damaged Word and PDF files never crash the importer and never invent a figure.

Damage as downloads and re-saving cause it: bytes flipped, files cut short,
chunks repeated; for Word files also damage inside the document XML (cells
emptied, digits replaced, rows dropped, spans set absurdly).  For every
damaged file, importing it either refuses it with an InputError or returns a
report whose every figure is a number printed on the source line it cites.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from layouts import to_pdf, word

from giar_xl.errors import InputError
from giar_xl.importer import import_report
from giar_xl.model import parse_number

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large,
                                                      HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def docx_bytes(demo, tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz")
    return word(demo, folder, "年报").read_bytes()


@pytest.fixture(scope="module")
def pdf_bytes(demo, tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzzpdf")
    [pdf] = to_pdf([word(demo, folder, "年报")], folder / "out")
    return pdf.read_bytes()


@st.composite
def byte_damage(draw, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "cut", "repeat", "zero"]))
        at = draw(st.integers(0, len(buffer) - 1))
        if how == "flip":
            buffer[at] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del buffer[at:]
            if not buffer:
                break
        elif how == "repeat":
            size = draw(st.integers(1, 512))
            buffer[at:at] = buffer[at:at + size]
        else:
            size = draw(st.integers(1, 256))
            buffer[at:at + size] = bytes(len(buffer[at:at + size]))
    return bytes(buffer)


_CELL = re.compile(rb"<w:tc>.*?</w:tc>", re.S)
_DIGITS = re.compile(rb"(<w:t[^>]*>)(\d+)(</w:t>)")
_ROW = re.compile(rb"<w:tr>.*?</w:tr>", re.S)


@st.composite
def xml_damage(draw, data: bytes) -> bytes:
    """Damage inside word/document.xml, then zipped again."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    xml = parts["word/document.xml"]
    for _ in range(draw(st.integers(1, 5))):
        how = draw(st.sampled_from(["empty-cell", "digits", "drop-row", "span", "text"]))
        if how == "empty-cell":
            cells = list(_CELL.finditer(xml))
            cell = draw(st.sampled_from(cells))
            xml = xml[:cell.start()] + b"<w:tc><w:p/></w:tc>" + xml[cell.end():]
        elif how == "digits":
            found = list(_DIGITS.finditer(xml))
            digit = draw(st.sampled_from(found))
            new = draw(st.sampled_from([b"O", b"l", b"", b"12", b"-", b"\xe6\x97\xa0"]))
            xml = xml[:digit.start(2)] + new + xml[digit.end(2):]
        elif how == "drop-row":
            rows = list(_ROW.finditer(xml))
            row = draw(st.sampled_from(rows))
            xml = xml[:row.start()] + xml[row.end():]
        elif how == "span":
            value = draw(st.sampled_from([b"0", b"-3", b"2000000000", b"x", b"63"]))
            xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + value + b'"/>', 1)
        else:
            at = draw(st.integers(0, len(xml) - 1))
            xml = xml[:at] + draw(st.sampled_from([b"<", b"&", b"]]>", b"\xff"])) + xml[at:]
    parts["word/document.xml"] = xml
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def _numbers(text: str) -> set:
    tokens = re.split(r"[\s|]+", unicodedata.normalize("NFKC", text))
    return {parse_number(t) for t in tokens if t} - {None}


def assert_no_invented_figures(path: Path) -> None:
    try:
        result = import_report(path)
    except InputError as exc:
        assert str(exc)
        return
    report = result.report
    for fid, f in report.spec.fields.items():
        value = report[fid]
        if not f.table or value is None:
            continue
        origin = report.origin(fid)
        assert origin, fid
        printed = origin.split("：", 1)[1]
        if isinstance(value, str):
            assert value in printed, (fid, value, origin)
        else:
            assert value in _numbers(printed), (fid, value, origin)
    for fid in report.unreadable:
        assert report[fid] is None, fid


def test_damaged_word_bytes(docx_bytes, tmp_path):
    @settings(max_examples=40, **SETTINGS)
    @given(st.data())
    def run(data):
        damaged = data.draw(st.one_of(byte_damage(docx_bytes), xml_damage(docx_bytes)))
        path = tmp_path / "damaged.docx"
        path.write_bytes(damaged)
        assert_no_invented_figures(path)
    run()


@pytest.mark.libreoffice
def test_damaged_pdf_bytes(pdf_bytes, tmp_path):
    @settings(max_examples=15, **SETTINGS)
    @given(st.data())
    def run(data):
        path = tmp_path / "damaged.pdf"
        path.write_bytes(data.draw(byte_damage(pdf_bytes)))
        assert_no_invented_figures(path)
    run()
