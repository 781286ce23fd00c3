"""A filled giar-xl workbook printed to PDF by LibreOffice (as a clerk may publish it instead
of ``giar-xl export``): its 应为 cells, self-check lines, 自检汇总, 填表说明, page footers and
校验结果 sheet are not the report; the cover's cells give organ, year, date and preface."""

from __future__ import annotations

import re

import pytest

from giar_xl.check import check_file
from giar_xl.demo import demo_report
from giar_xl.importer import import_report
from giar_xl.office import convert_all
from giar_xl.workbook.build import build_workbook


def _squashed(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@pytest.fixture(scope="module")
def printed(spec, tmp_path_factory):
    """(the demo report, its workbook with 自然人 of 一 changed, {suffix: [the workbook printed
    as PDF or saved as a web page, the same with the error, (PDF only) the error's sheet
    printed alone]})."""
    folder = tmp_path_factory.mktemp("printed")
    report = demo_report()
    clean, wrong = folder / "clean.xlsx", folder / "wrong.xlsx"
    build_workbook(spec, report).save(clean)
    wb = build_workbook(spec, report)
    f = spec.fields["req_new_natural"]
    wb[f.sheet][f.cell] = report["req_new_natural"] + 1
    wb.save(wrong)
    for name in wb.sheetnames:  # only table 三's sheet printed (no cover)
        if name != f.sheet:
            del wb[name]
    wb.save(alone := folder / "alone.xlsx")
    pdfs = convert_all([clean, wrong, alone], "pdf", folder / "pdf")
    pages = convert_all([clean, wrong], "html", folder / "html")
    return report, wrong, {".pdf": pdfs, ".html": pages}


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_a_printed_workbook_reads_every_figure_organ_and_year(printed, spec, suffix):
    report, _wrong, files = printed
    result = import_report(files[suffix][0])
    assert result.findings == (), [(f.rule, f.message) for f in result.findings]
    imported = result.report
    assert (imported.org, imported.year) == (report.org, report.year)
    for fid in ("meta_date", "nar_preface", "nar_active", "nar_request"):
        assert imported[fid] == report[fid], fid
    for fid in ("nar_problems", "nar_other"):  # a cell's lines run together
        assert _squashed(imported[fid]) == _squashed(report[fid]), fid
    numbers = [fid for fid, f in spec.fields.items() if f.is_number and f.role == "report"]
    assert [imported[fid] for fid in numbers] == [report[fid] for fid in numbers]
    assert "表格" in imported.origin("req_results_total")


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", [".pdf", ".html"])
def test_an_error_in_a_printed_workbook_is_found_at_its_cell(printed, suffix):
    _report, workbook, files = printed
    printed_findings = check_file(files[suffix][1]).findings
    own_findings = check_file(workbook).findings
    assert any(f.rule == "sum-suspect" and f.cell == "D7" for f in printed_findings)
    assert ([(f.rule, f.sheet, f.cell) for f in printed_findings]
            == [(f.rule, f.sheet, f.cell) for f in own_findings])


@pytest.mark.libreoffice
def test_a_sheet_printed_without_the_cover_still_drops_its_expected_column(printed, spec):
    _report, workbook, files = printed
    imported = check_file(files[".pdf"][2])
    own = check_file(workbook)
    sheet = spec.fields["req_new_natural"].sheet
    assert ([(f.rule, f.cell) for f in imported.findings if f.sheet == sheet]
            == [(f.rule, f.cell) for f in own.findings if f.sheet == sheet])
    assert not any(f.rule.startswith("import-row") for f in imported.findings)
