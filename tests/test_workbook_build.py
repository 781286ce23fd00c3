"""The generated workbook: locked labels, unlocked named inputs, rules and self-checks."""

from __future__ import annotations

import openpyxl
import pytest

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


def test_totals_have_expected_cells_and_red_conditional_format(wb, spec):
    ws = wb["三、依申请公开"]
    assert ws["K7"].value == "=SUM(D7:I7)"
    assert ws["D35"].value == "=SUM(D9:D29)"
    assert ws["D36"].value == "=SUM(D7:D8)-SUM(D30)"
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in ws.conditional_formatting}
    assert rules["J7"] == [['AND(J7<>"",J7<>K7)']]
    assert rules["D8"] == [['AND(D8<>"",D33<>"",D8<>D33)']]  # 上年结转 vs last year's figure


def test_continuity_check_waits_for_last_years_figure(wb):
    ws = wb["二、主动公开"]
    assert ws["G6"].value == '=IF(F6="","",SUM(F6,B6)-SUM(C6))'


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
