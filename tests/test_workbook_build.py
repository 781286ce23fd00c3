"""The generated workbook: locked labels, unlocked named inputs, rules and self-checks."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from giar_xl.cells import parse_cell, range_cells
from giar_xl.workbook.reader import marker_value, parse_name_target


@pytest.fixture(scope="module")
def wb(demo_xlsx):
    return openpyxl.load_workbook(demo_xlsx)


def test_one_sheet_per_section_plus_cover_and_results(wb, spec):
    assert wb.sheetnames == [s.name for s in spec.sheets]
    assert {s.section for s in spec.sheets if s.section} == {s.id for s in spec.sections}


def test_structure_locked_and_sheets_protected_without_password(wb, spec):
    assert wb.security.lockStructure
    for sheet in spec.sheets:
        ws = wb[sheet.name]
        if sheet.role == "results":
            assert not ws.protection.sheet  # reviewers write their reasons here
            continue
        assert ws.protection.sheet
        assert not ws.protection.password


def test_every_label_cell_is_locked_and_shows_its_text(wb, spec):
    for label in spec.labels():
        ws = wb[label.sheet]
        assert ws[label.cell].value == label.text
        for r, c in range_cells(label.merge or label.cell):
            assert ws.cell(r, c).protection.locked, f"{label.sheet}!{label.cell}"


def test_every_input_cell_is_unlocked_and_every_other_cell_locked(wb, spec):
    inputs = {(f.sheet, *parse_cell(f.cell)) for f in spec.fields.values()}
    for sheet in spec.sheets:
        if sheet.role == "results":
            continue
        ws = wb[sheet.name]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            for cell in row:
                if cell.coordinate in ws.merged_cells and (sheet.name, cell.row, cell.column) \
                        not in inputs:
                    continue  # covered part of a merge: only its top-left matters
                expected_locked = (sheet.name, cell.row, cell.column) not in inputs
                assert cell.protection.locked is expected_locked, f"{sheet.name}!{cell.coordinate}"


def test_every_field_is_a_workbook_name_pointing_at_its_cell(wb, spec):
    for f in spec.fields.values():
        name = wb.defined_names[f.id]
        assert parse_name_target(name.attr_text) == (f.sheet, f.cell)
    assert wb.defined_names[spec.marker_name].attr_text == f'"{marker_value(spec)}"'


def test_every_input_has_a_chinese_validation_rule(wb, spec):
    for sheet in spec.sheets:
        ws = wb[sheet.name]
        covered = {}
        for dv in ws.data_validations.dataValidation:
            for ref in str(dv.sqref).split():
                covered[ref] = dv
        for fid in sheet.fields:
            f = spec.fields[fid]
            dv = covered[f.cell]
            assert dv.prompt, f.id
            if f.type == "count" and not f.na_allowed:
                assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
                assert "整数" in dv.error
            if f.na_allowed:
                assert dv.type == "custom" and '"/"' in dv.formula1
            if f.long:  # its row keeps its height as the text grows: the prompt says what to do
                assert "拖动行号下边线加大行高" in dv.prompt and len(dv.prompt) <= 255, f.id


def formula(cell) -> str:
    value = cell.value
    return value.text if isinstance(value, ArrayFormula) else value


def test_totals_have_expected_cells_and_red_conditional_format(wb, spec):
    ws = wb["三、依申请公开"]
    # 「？」 while a cell of the sum holds an invalid value; array formulas (they count cells)
    assert formula(ws["K7"]).startswith("=IF(SUM(IF(ISNUMBER(D7:J7),")
    assert formula(ws["K7"]).endswith(')>0,"？",SUM(D7:I7))')
    assert formula(ws["D35"]).endswith(',"？",SUM(D9:D29))')
    assert formula(ws["D36"]).endswith(',"？",SUM(D7:D8)-SUM(D30))')
    assert isinstance(ws["K7"].value, ArrayFormula) and ws["K7"].value.ref == "K7"
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in ws.conditional_formatting}
    assert rules["J7"] == [['IF(ISNUMBER(K7),AND(J7<>"",N(J7)<>K7),FALSE)']]
    # 上年结转 vs last year's figure: no 应为 cell, so the validity is spelled out
    assert rules["D8"][0][0].endswith('AND(D8<>"",D33<>"",N(D8)<>D33),FALSE)')
    # every input of the table turns red when it holds what check calls a type error
    assert rules["D7:J31"] == [["NOT(IF(ISNUMBER(D7),NOT((D7<0)+(D7<>INT(D7))),"
                                'IF(ISERROR(D7),FALSE,TRIM(D7)="")))']]


def test_continuity_check_waits_for_last_years_figure(wb):
    ws = wb["二、主动公开"]
    assert formula(ws["G6"]).startswith('=IF(F6="","",IF(')
    assert formula(ws["G6"]).endswith(',"？",SUM(F6,B6)-SUM(C6)))')


def test_every_formula_fits_excel_limits(wb, spec):
    """Excel refuses formulas longer than 8192 characters."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = formula(cell)
                if isinstance(text, str) and text.startswith("="):
                    assert len(text) < 8192, (ws.title, cell.coordinate, len(text))


def test_print_setup_is_a4_with_titles(wb, spec):
    for sheet in spec.sheets:
        ws = wb[sheet.name]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == sheet.orientation
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["三、依申请公开"].print_title_rows == "$4:$6"


def test_narrative_cells_wrap_and_are_tall(wb, spec):
    ws = wb["一、总体情况"]
    cell = ws[spec.fields["nar_active"].cell]
    assert cell.alignment.wrap_text
    assert ws.row_dimensions[cell.row].height >= 120
    assert cell.font.name == "仿宋"
