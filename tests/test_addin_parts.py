"""The add-in's small parts: batching, value conversion, the results list, the COM seam."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giar_xl.excel.batching import rectangles
from giar_xl.excel.engine import ComEngine, protection_options
from giar_xl.excel.painting import listed_cells
from giar_xl.excel.source import cell_value
from giar_xl.marks import LEAD_RULES
from giar_xl.model import ErrorValue
from giar_xl.workbook.textcells import literal as text_cell


# -- rectangles -------------------------------------------------------------------------
def test_rectangles_join_rows_and_columns():
    block = [(r, c) for r in (9, 10) for c in range(4, 10)]
    assert rectangles(block) == [(9, 4, 10, 9)]
    assert rectangles([(7, 10), (31, 4), (7, 4)]) == [(7, 4, 7, 4), (7, 10, 7, 10), (31, 4, 31, 4)]
    assert rectangles([(1, 1), (2, 1), (4, 1)]) == [(1, 1, 2, 1), (4, 1, 4, 1)]


@given(st.sets(st.tuples(st.integers(1, 12), st.integers(1, 8)), min_size=1))
def test_rectangles_cover_exactly_the_cells(cells):
    rects = rectangles(cells)
    covered = [(r, c) for top, left, bottom, right in rects
               for r in range(top, bottom + 1) for c in range(left, right + 1)]
    assert sorted(covered) == sorted(cells)  # every cell once, nothing else
    assert len(rects) <= len(cells)


# -- values as the reader sees them ---------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    (None, None), ("", None), (3.0, 3.0), ("无", "无"), ("#REF!", ErrorValue("#REF!")),
    ("#SPILL!", ErrorValue("#SPILL!")),
    (-2146826265, ErrorValue("#REF!")),  # CVErr(xlErrRef) as COM hands it over
    (-2146826243, ErrorValue("#SPILL!")),  # a newer error xlwings does not translate
    (True, True),
])
def test_cell_values(raw, expected):
    assert cell_value(raw) == expected


def test_text_cells_stay_text_in_excel():
    assert text_cell("3a5e12f0e9b1", exact=True) == "'3a5e12f0e9b1"
    assert text_cell("=SUM(A1)") == "'=SUM(A1)"
    assert text_cell("「二、主动公开」未填") == "「二、主动公开」未填"
    assert text_cell(3) == 3 and text_cell("", exact=True) == ""


def test_listed_cells_read_the_results_list(spec):
    grid = [["校验结果"], ["序号"],
            [1, "错误", "三、依申请公开!J7", "…"],
            [2, "已接受", "一、总体情况!B6", "…"],
            [3, "提醒", "三、依申请公开!D31（第 3 行）", "…"],
            [4, "错误", "封面", "…"],
            [5, "错误", None]]
    assert listed_cells(grid, spec) == {"三、依申请公开": {"J7", "D31"}}


def test_suspects_are_told_by_the_rule_column_code_or_title(spec):
    """The 规则 column names the rule by code (or by its Chinese title)."""
    rule = spec.results_sheet.column_of("rule") - 1
    def row(index, where, code):
        cells = [index, "提醒", where, "…", "", "", "", ""]
        cells[rule] = code
        return cells
    grid = [["校验结果"], ["序号"], row(1, "三、依申请公开!D7", "sum-suspect"),
            row(2, "四、复议诉讼!A7", "最可能填错的单元格（sum-suspect）"),
            row(3, "三、依申请公开!J7", "req-row-total"), row(4, "四、复议诉讼!E7", "sum-candidates")]
    assert listed_cells(grid, spec, only=LEAD_RULES) == {"三、依申请公开": {"D7"},
                                                         "四、复议诉讼": {"A7"}}


# -- the COM seam (a stand-in for Excel's object model) -----------------------------------------
class _Protection:
    def __init__(self, **allowed):
        for key in ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting",
                    "AllowFiltering", "AllowUsingPivotTables"):
            setattr(self, key, allowed.get(key, False))


class _Worksheet:
    """Records Unprotect/Protect like Excel's Worksheet would be asked."""

    def __init__(self, protected: bool, password: bool = False, **allowed):
        self.ProtectContents = self.ProtectDrawingObjects = self.ProtectScenarios = protected
        self.Protection = _Protection(**allowed)
        self.password = password
        self.calls: list = []

    def Unprotect(self):
        if self.password:
            raise RuntimeError("The password you supplied is not correct.")
        self.calls.append("Unprotect")
        self.ProtectContents = self.ProtectDrawingObjects = self.ProtectScenarios = False

    def Protect(self, **options):
        self.calls.append(("Protect", options))


class _Book:
    def __init__(self, sheets):
        self.sheets = {name: type("Sheet", (), {"api": ws})() for name, ws in sheets.items()}
        self.app = type("App", (), {"properties": lambda self, **kw: contextlib.nullcontext()})()


def test_com_lifts_and_restores_protection_with_the_same_options():
    form = _Worksheet(True, AllowFormattingColumns=True, AllowFormattingRows=True)
    results = _Worksheet(False)
    locked = _Worksheet(True, password=True)
    engine = ComEngine(_Book({"三、依申请公开": form, "校验结果": results, "封面": locked}))
    before = protection_options(form)
    with engine.unprotected(["三、依申请公开", "校验结果", "封面"]) as writable:
        assert writable == {"三、依申请公开", "校验结果"}  # the password sheet is left alone
        assert form.calls == ["Unprotect"]
    assert form.calls[-1] == ("Protect", before)
    assert before["AllowFormattingColumns"] and before["AllowFormattingRows"]
    assert before["Contents"] and not before["AllowFormattingCells"]
    assert results.calls == [] and locked.calls == []


def test_com_restores_protection_when_marking_fails():
    form = _Worksheet(True)
    engine = ComEngine(_Book({"二、主动公开": form}))
    with pytest.raises(ZeroDivisionError), engine.unprotected(["二、主动公开"]):
        raise ZeroDivisionError
    assert form.calls[-1][0] == "Protect"


class _Range:
    """A cell whose named style Excel accepts (or not: a style lost on saving elsewhere)."""

    def __init__(self, style_exists: bool):
        self.style_exists, self.calls = style_exists, []
        outer = self

        class Api:
            def __setattr__(self, name, value):
                if not outer.style_exists:
                    raise RuntimeError("Style not found")
                outer.calls.append((name, value))
        self.api = Api()
        self.borders = type("Borders", (), {"set": lambda _, which, **kw:
                                            outer.calls.append(("borders", which, kw))})()


@pytest.mark.parametrize("style_exists", [True, False])
def test_com_takes_a_frame_back_through_the_named_style(style_exists):
    """The named style holds the designed border; without it, the border is drawn anew."""
    cell = _Range(style_exists)
    ComEngine(_Book({})).unframe(cell, "giar 输入", ("thin", "808080"))
    assert cell.calls == ([("Style", "giar 输入")] if style_exists else [
        ("borders", "outside", {"line_style": "continuous", "weight": "thin",
                                "color": "#808080"})])


@pytest.mark.parametrize("client, notes, clear_fill", [
    ("VBA", False, False), ("Microsoft Office Scripts", False, False), ("Office.js", True, True),
])
def test_what_each_remote_client_can_do(demo_xlsx, client, notes, clear_fill):
    xw = pytest.importorskip("xlwings")
    from addin_payloads import payload

    from giar_xl.excel.engine import RemoteEngine, engine_for

    engine = engine_for(xw.Book(json=payload(demo_xlsx, client)))
    assert isinstance(engine, RemoteEngine)
    assert (engine.caps.client, engine.caps.notes, engine.caps.clear_fill,
            engine.caps.local_files) == (client, notes, clear_fill, False)
    assert engine.caps.borders == (client == "Office.js")  # setBorderProperty: Office.js only
    assert engine.ask("?", "t") is None  # a remote answer never comes back to Python
