"""A filled giar-xl workbook printed to PDF by LibreOffice (as a clerk may publish it instead
of ``giar-xl export``): its 应为 cells, self-check lines, 自检汇总, 填表说明, page footers and
校验结果 sheet are not the report; the cover's cells give organ, year, date and preface."""

from __future__ import annotations

import re

import pytest

from giar_xl.demo import demo_report
from giar_xl.importer import import_report
from giar_xl.office import convert_all
from giar_xl.workbook.build import build_workbook


def _squashed(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@pytest.fixture(scope="module")
def printed(spec, tmp_path_factory):
    """(the demo report, its workbook printed as PDF, the same with 自然人 of 一 changed)."""
    folder = tmp_path_factory.mktemp("printed")
    report = demo_report()
    clean, wrong = folder / "clean.xlsx", folder / "wrong.xlsx"
    build_workbook(spec, report).save(clean)
    wb = build_workbook(spec, report)
    f = spec.fields["req_new_natural"]
    wb[f.sheet][f.cell] = report["req_new_natural"] + 1
    wb.save(wrong)
    pdfs = convert_all([clean, wrong], "pdf", folder / "pdf")
    return report, pdfs[0], pdfs[1]


@pytest.mark.libreoffice
def test_a_printed_workbook_reads_every_figure_organ_and_year(printed, spec):
    report, clean, _wrong = printed
    result = import_report(clean)
    assert result.findings == (), [(f.rule, f.message) for f in result.findings]
    imported = result.report
    assert (imported.org, imported.year) == (report.org, report.year)
    for fid in ("meta_date", "nar_preface", "nar_active", "nar_request"):
        assert imported[fid] == report[fid], fid
    for fid in ("nar_problems", "nar_other"):  # a ruled cell's lines run together in a PDF
        assert _squashed(imported[fid]) == _squashed(report[fid]), fid
    numbers = [fid for fid, f in spec.fields.items() if f.is_number and f.role == "report"]
    assert [imported[fid] for fid in numbers] == [report[fid] for fid in numbers]
    assert "表格" in imported.origin("req_results_total")


@pytest.mark.libreoffice
def test_an_error_in_a_printed_workbook_is_found_at_its_cell(printed, spec):
    from giar_xl.check import check_result

    _report, _clean, wrong = printed
    result = check_result(import_report(wrong), str(wrong))
    errors = [f for f in result.findings if f.severity == "error"]
    assert errors and {f.rule for f in errors} <= {"req-row-total", "req-balance",
                                                    "req-results-total"}, errors
    assert any(f.field == "req_new_total" or "req_new_natural" in str(f) for f in errors)
