"""The live self-checks, computed by a real spreadsheet program (LibreOffice headless)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pytest
from hostile import force_sparse

from giar_xl.cells import range_cells
from giar_xl.check import check_file
from giar_xl.office import convert
from giar_xl.rules.catalog import CATALOG
from giar_xl.workbook.build import write_workbook

pytestmark = pytest.mark.libreoffice


def recalculated(path, tmp_path):
    """Open ``path`` in LibreOffice, recalculate everything, return the computed values."""
    out = convert(path, "xlsx", tmp_path / "recalc", "Calc MS Excel 2007 XML")
    return openpyxl.load_workbook(out, data_only=True)


def selfcheck(wb, spec):
    """{sheet: {errors|warnings|blanks: count}} as the workbook itself computed it."""
    return {s.name: {kind: wb[s.name][ref].value for kind, ref in s.selfcheck}
            for s in spec.sheets if s.selfcheck}


def test_demo_figures_pass_every_self_check(demo_xlsx, spec, tmp_path):
    wb = recalculated(demo_xlsx, tmp_path)
    counts = selfcheck(wb, spec)
    assert all(v == 0 for sheet in counts.values() for v in sheet.values()), counts
    req = wb["三、依申请公开"]
    assert [req[c].value for c in ("K7", "K8", "K30", "J35", "J36")] == [2, 1, 3, 3, 0]
    cover = wb["封面"]
    totals = [row for row in cover.iter_rows(values_only=True) if row[0] == "合计"]
    assert totals == [("合计", 0, 0, 0)]


def test_one_wrong_input_is_flagged(demo_copy, spec, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["E22"] = 4  # 商业企业 · 信访举报投诉类申请: its row total and （七）
    wb.save(demo_copy)
    computed = recalculated(demo_copy, tmp_path)
    counts = selfcheck(computed, spec)
    assert counts["三、依申请公开"] == {"errors": 2, "warnings": 0, "blanks": 0}
    req = computed["三、依申请公开"]
    assert req["K22"].value == 4  # 总计应为 4, J22 still says 0
    assert req["E35"].value == 4  # （七）总计应为 4, E30 says 0
    assert req["E36"].value == 0  # the balance uses the typed （七）总计, still consistent
    cover = [row for row in computed["封面"].iter_rows(values_only=True) if row[0] == "合计"]
    assert cover == [("合计", 2, 0, 0)]


def test_blank_inputs_are_counted(tmp_path, spec):
    computed = recalculated(write_workbook(tmp_path / "blank.xlsx"), tmp_path)
    counts = selfcheck(computed, spec)
    assert counts["三、依申请公开"]["blanks"] == 25 * 7
    assert counts["四、复议诉讼"]["blanks"] == 15
    assert counts["一、总体情况"]["blanks"] == 5  # 概述 is optional
    assert counts["三、依申请公开"]["errors"] == 0  # nothing typed, nothing wrong


def test_cross_year_checks_light_up_only_with_last_years_figures(demo_copy, spec, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["D33"] = 5  # last year's 结转下年度 (自然人) was 5, not 1
    wb["二、主动公开"]["F6"] = 10  # 上年现行有效规章 10 + 0 - 0 != 0
    wb.save(demo_copy)
    counts = selfcheck(recalculated(demo_copy, tmp_path), spec)
    assert counts["三、依申请公开"]["errors"] == 1
    assert counts["二、主动公开"] == {"errors": 0, "warnings": 1, "blanks": 0}


# Faults of every kind a formula can see, each where it disturbs no other: what the
# workbook counts after recalculation must be what check finds.
FAULTS = {
    "三、依申请公开": {"D7": 3,             # req-row-total J7 and req-balance D31
                     "E12": "无",           # type-text (its three sums wait: 「？」)
                     "H25": "#REF!",        # type-error-value
                     "F20": 1.5,            # type-fraction
                     "G9": None},           # blank-number
    "四、复议诉讼": {"A7": -1},              # type-negative
    "二、主动公开": {"B20": 1.23456,         # type-decimals
                   "F7": 10,                # pub-effective-continuity (warning) on D7
                   "B6": 1},                # rules-township: a 镇 making 规章 (warning)
    "一、总体情况": {"B8": None},            # blank-text
    "封面": {"B5": None},                    # date-missing (warning)
}
COVER_FAULTS = {"封面": {"B4": 25, "B5": dt.date(2026, 3, 1)}}  # type-range, date-late
EARLY_FAULTS = {"封面": {"B5": dt.date(2025, 1, 20)}}  # date-early
SEEN_LIVE = {"date-missing", "date-late", "date-early", "rules-township"}  # besides types, blanks and sums


def _inject(path, faults):
    wb = openpyxl.load_workbook(path)
    for sheet, cells in faults.items():
        for cell, value in cells.items():
            wb[sheet][cell] = value
    wb.save(path)
    return path


def _check_counts(result, spec):
    """{sheet: {errors|warnings|blanks: n}} of check's findings the live self-check can see."""
    relations = {r.rule: r.severity for r in spec.relations}
    counts: dict[str, dict[str, int]] = {}
    for f in result.findings:
        if f.rule.startswith("blank-"):
            kind, n = "blanks", sum(len(range_cells(r)) for r in f.cells) or 1
        elif f.rule.startswith("type-") or relations.get(f.rule) == "error":
            kind, n = "errors", 1
        elif f.rule in SEEN_LIVE or relations.get(f.rule) == "warning":
            kind, n = "warnings", 1
        else:
            continue
        sheet = counts.setdefault(f.sheet, {"errors": 0, "warnings": 0, "blanks": 0})
        sheet[kind] += n
    return counts


def _cover_counts(wb, spec):
    cover = wb["封面"]
    names = {s.name for s in spec.sheets} | {"合计"}
    return {row[0]: dict(zip(("errors", "warnings", "blanks"), row[1:4], strict=True))
            for row in cover.iter_rows(values_only=True) if row[0] in names}


@pytest.mark.parametrize("faults", [FAULTS, COVER_FAULTS, EARLY_FAULTS],
                         ids=["every-kind", "cover", "early"])
def test_the_cover_counts_what_check_finds(demo_copy, spec, tmp_path, faults):
    path = _inject(demo_copy, faults)
    result = check_file(path)
    expected = _check_counts(result, spec)
    computed = recalculated(path, tmp_path)
    cover = _cover_counts(computed, spec)
    zero = {"errors": 0, "warnings": 0, "blanks": 0}
    for sheet in (s.name for s in spec.sheets if s.name in cover):
        assert cover[sheet] == expected.get(sheet, zero), sheet
    totals = {k: sum(c[k] for c in expected.values()) for k in zero}
    assert cover["合计"] == totals
    if faults is FAULTS:
        assert totals == {"errors": 7, "warnings": 3, "blanks": 2}
        # the sums 「无」 in E12 is part of wait for it (「？」), as check names them
        req = computed["三、依申请公开"]
        assert [req[c].value for c in ("K12", "E35", "E36", "K8")] == ["？", "？", 0, 1]
        kinds = {f.rule for f in result.findings}
        assert {c for c in CATALOG if c.startswith("type-")} - kinds == {"type-range", "type-date"}
    elif faults is COVER_FAULTS:
        assert {f.rule for f in result.findings} >= {"type-range", "date-late"}
    else:
        assert [f.rule for f in result.findings] == ["date-early"]
        assert cover["封面"]["warnings"] == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_workbook_prints_on_a4(demo_xlsx, tmp_path):
    pdf = convert(demo_xlsx, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.3" in info or "595.28" in info  # A4 width in points (portrait or landscape)
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert 8 <= pages <= 12
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_a_workbook_saved_by_libreoffice_reads_and_annotates(demo_xlsx, demo, tmp_path):
    """Clerks may fill the workbook in LibreOffice (or WPS) and save it from there."""
    from giar_xl.annotate import annotate_workbook
    from giar_xl.check import check_file
    from giar_xl.workbook.reader import read_workbook
    saved = convert(demo_xlsx, "xlsx", tmp_path / "lo", "Calc MS Excel 2007 XML")
    result = read_workbook(saved)
    assert result.findings == () and result.report == demo
    for plain in (True, False):  # the readers for oversized sheets read its shared strings alike
        with pytest.MonkeyPatch.context() as patch:
            force_sparse(patch, plain)
            assert read_workbook(saved) == result
    wb = openpyxl.load_workbook(saved)
    wb["三、依申请公开"]["J7"] = 3
    wb.save(saved)
    checked = check_file(saved)
    assert {f.cell for f in checked.errors} >= {"J7"}
    marked = openpyxl.load_workbook(annotate_workbook(saved, tmp_path / "m.xlsx", checked))
    assert marked["三、依申请公开"]["J7"].comment is not None


@pytest.mark.parametrize("fid,entries", [
    ("pub_fees_amount", {1.2345: True, 0: True, 12: True, "/": True, 1.23456: False, -1: False,
                         "无": False}),
    ("pub_rules_issued", {3: True, 0: True, "/": True, 1.5: False, -1: False, "无": False}),
])
def test_input_rules_take_what_the_prompt_allows(spec, tmp_path, fid, entries):
    """Custom input rules (表二's cells, where 「/」 is allowed), evaluated by LibreOffice on
    typical entries; Excel and WPS evaluate the same formula as the clerk types, and refuse
    the entry when it is FALSE or an error value."""
    from giar_xl.workbook.build import build_workbook
    f = spec.fields[fid]
    ws = build_workbook(spec)[f.sheet]
    [rule] = [dv.formula1 for dv in ws.data_validations.dataValidation if f.cell in str(dv.sqref)]
    check = openpyxl.Workbook()
    sheet = check.active
    for row, value in enumerate(entries, start=1):
        sheet.cell(row, 1, value)
        sheet.cell(row, 2, "=" + re.sub(rf"\b{f.cell}\b", f"A{row}", rule))
    check.save(tmp_path / "rule.xlsx")
    computed = recalculated(tmp_path / "rule.xlsx", tmp_path).active
    assert {computed.cell(r, 1).value: computed.cell(r, 2).value
            for r in range(1, len(entries) + 1)} == entries
