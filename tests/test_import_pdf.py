"""PDF reports: the project's own Word export converted by LibreOffice, the same with narrow,
vertical label cells (labels scramble as in real published PDFs), a table over two pages,
a scan without text, and damaged files."""

from __future__ import annotations

import difflib
import re

import pytest
from click.testing import CliRunner
from layouts import to_pdf, word, word_vertical_labels

from giar_xl.cli import main
from giar_xl.errors import InputError
from giar_xl.importer import import_report


@pytest.fixture(scope="module")
def dated(published):
    return published


@pytest.fixture(scope="module")
def pdfs(dated, tmp_path_factory):
    """(the Word export as PDF, the vertical-label variant as PDF): one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    plain, vertical = to_pdf([word(dated, folder, "年报"), word_vertical_labels(dated, folder, "竖排")],
                             folder / "out")
    return plain, vertical


def _squashed(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@pytest.mark.libreoffice
def test_the_exported_report_as_pdf_imports_to_the_same_report(pdfs, dated, spec):
    result = import_report(pdfs[0])
    assert result.findings == (), [(f.rule, f.message) for f in result.findings]
    report = result.report
    for fid, f in spec.fields.items():
        if f.type != "text":
            assert report[fid] == dated[fid], fid
        else:  # the text as laid out on the page: LibreOffice may drop a comma at a line's end
            matcher = difflib.SequenceMatcher(None, _squashed(report[fid]), _squashed(dated[fid]))
            assert matcher.ratio() > 0.99, (fid, report[fid])


@pytest.mark.libreoffice
def test_a_table_over_two_pages_is_one_table(pdfs):
    report = import_report(pdfs[0]).report
    # table 三 starts on page 3 and goes on on page 4 under its repeated header (where it
    # breaks is the Word layout's business: at least a few rows on either page)
    assert report.origin("req_new_natural").startswith("第 3 页表格 2 第 4 行：一、本年新收")
    assert report.origin("req_carried_out_natural").startswith("第 4 页表格 ")
    assert "四、结转下年度继续办理" in report.origin("req_carried_out_natural")
    assert report["req_results_total"] == 3


@pytest.mark.libreoffice
def test_page_numbers_are_not_text(pdfs):
    report = import_report(pdfs[0]).report
    assert not any("— " in (report[f] or "") for f in ("nar_active", "nar_management",
                                                        "nar_problems", "nar_other"))


@pytest.mark.libreoffice
def test_vertical_label_cells_scramble_but_rows_are_placed_by_structure(pdfs, dated, spec):
    result = import_report(pdfs[1])
    tables = [f.id for f in spec.report_fields() if f.table]
    assert {f: result.report[f] for f in tables} == {f: dated[f] for f in tables}
    assert not [f for f in result.findings if f.severity == "error"]
    warnings = [f for f in result.findings if f.rule == "import-row-label"]
    assert len(warnings) >= 10  # the numbered rows of （三）–（六）, printed vertically
    internal = next(f for f in warnings if f.field == "req_wh_internal_natural")
    assert "顺序错乱" in internal.message and internal.expected == "5.属于三类内部事务信息"
    assert internal.actual != internal.expected and internal.actual in internal.message
    assert sorted(internal.actual.replace(" ", "")[-9:]) != list("属于三类内部事务信息")[-9:]


def test_a_scan_without_text_is_refused_with_a_message(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for y in range(150, 1600, 48):
        draw.line((120, y, 1120, y), fill="black", width=3)
    path = tmp_path / "扫描件.pdf"
    image.save(path, resolution=150)
    with pytest.raises(InputError, match="扫描件"):
        import_report(path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "扫描件" in result.output and "OCR" in result.output


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>",
                                     b"not a pdf at all"])
def test_a_damaged_pdf_is_a_message_not_a_traceback(tmp_path, content):
    path = tmp_path / "坏.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError):
        import_report(path)
