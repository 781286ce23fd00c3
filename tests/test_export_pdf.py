"""PDF export and the Word export opened by LibreOffice (real conversions)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from export_helpers import NASTY, headings

from giar_xl.errors import InputError
from giar_xl.export import build_document, export_report
from giar_xl.export import pdf as pdf_module
from giar_xl.office import convert

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.fixture(scope="module")
def demo_pdf(demo, tmp_path_factory):
    return export_report(demo, tmp_path_factory.mktemp("pdf") / "北留镇2025年报.pdf")


@pytest.mark.libreoffice
def test_pdf_is_written(demo_pdf):
    assert demo_pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
@needs_poppler
def test_pdf_pages_are_a4_and_hold_the_report(demo_pdf, demo):
    info = pdf_info(demo_pdf)
    width, _x, height = info["Page size"].split()[:3]
    assert (round(float(width)), round(float(height))) == (595, 842)
    assert 3 <= int(info["Pages"]) <= 10
    text = "".join(pdf_text(demo_pdf).split())  # layout spaces and line breaks aside
    doc = build_document(demo)
    for heading in headings(doc):
        assert heading in text
    for label in ("申请人情况", "法人或其他组织", "未经复议直接起诉", "复议后起诉",
                  "本年处理决定数量"):
        assert label in text


@pytest.mark.libreoffice
@needs_poppler
def test_pdf_fonts_are_all_embedded(demo_pdf):
    out = subprocess.run(["pdffonts", str(demo_pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out, "no fonts in the PDF"
    for line in out:
        assert " yes " in line, line  # emb column: every face is embedded, none missing


@pytest.mark.libreoffice
@needs_poppler
def test_word_export_with_special_characters_opens_in_libreoffice(demo, tmp_path):
    source = export_report(demo.with_values(nar_other=NASTY), tmp_path / "nasty.docx")
    produced = convert(source, "pdf", tmp_path)
    text = pdf_text(produced)
    assert "A&B <script>alert(1)</script>" in text
    assert "六、其他需要报告的事项" in text


def test_pdf_without_libreoffice_says_so_in_chinese(demo, tmp_path, monkeypatch):
    # The one way to run this on a machine that has LibreOffice: hide it.
    monkeypatch.setattr("giar_xl.office.find_soffice", lambda: None)
    with pytest.raises(InputError, match="LibreOffice"):
        export_report(demo, tmp_path / "年报.pdf")
    assert not (tmp_path / "年报.pdf").exists()


def test_fontconfig_file_maps_official_fonts_to_substitutes(tmp_path):
    conf = pdf_module.fontconfig_aliases("/etc/fonts/fonts.conf")
    assert "<family>仿宋_GB2312</family><accept><family>仿宋</family>" in conf
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf


@pytest.mark.libreoffice
@needs_poppler
def test_the_signature_never_stands_alone_on_the_last_page(demo_pdf, demo):
    # 公文 practice: the 落款 (organ and date) is not left alone on a page; the demo's text
    # ends just at a page's foot, which pushed the signature onto a page of its own.
    from render_helpers import page_texts

    last = page_texts(demo_pdf)[-1]
    signature = "".join("".join(build_document(demo).signature).split())
    assert signature in last
    assert len(last.replace(signature, "").strip("—0123456789")) > 20, last
