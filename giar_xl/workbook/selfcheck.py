"""What each sheet's live self-check counts: the checks of ``giar-xl check`` a formula can do.

Per sheet, three counts (the 自检 cells of row 2 and the rows of the cover's
自检汇总):

* ``errors``   sums that do not add up (error relations) + invalid values
               (the type rules: text, error values, negatives, fractions,
               too many decimals, years out of range);
* ``warnings`` warning relations, and the assessors' checks on this sheet's
               cells: 发布日期 missing, late or early, 规章 reported by a 乡镇/街道;
* ``blanks``   required cells left blank (in cells, not findings).

What only ``check`` can do (the narrative's content, last year's report as a
file, dates written as text) is said on the cover (``workbook.check_only``).
"""

from __future__ import annotations

from ..cells import quote_sheet
from ..spec import FormatSpec, Sheet
from . import formulas

YEAR_FIELD, ORGAN_FIELD = "meta_year", "meta_org"  # as Report.year / Report.org read them
# The labels of the counts in each sheet's row 2, the headers of the cover's 自检汇总 and of
# its 填表说明 (the importer drops these from a printed workbook: importer/workbook_print.py).
LABELS = {"errors": "自检·不符（处）", "warnings": "提醒（处）", "blanks": "未填（格）"}
SUMMARY_HEADERS = ("自检汇总", "不符（处）", "提醒（处）", "未填（格）")
SUMMARY_TOTAL = "合计"
INSTRUCTIONS_CAPTION = "填表说明"


def sheet_counts(spec: FormatSpec, sheet: Sheet) -> dict[str, str]:
    """{errors|warnings|blanks: formula} for the cells of ``sheet`` (formulas on that sheet)."""
    fields = [spec.fields[fid] for fid in sheet.fields]
    relations = [r for r in spec.relations if spec.fields[r.anchor].sheet == sheet.name]
    numbers = [f for f in fields if f.is_number]
    return {
        "errors": formulas.count_formula(
            (formulas.mismatch_condition(spec, r) for r in relations if r.severity == "error"),
            [formulas.invalid_count(numbers)]),
        "warnings": formulas.count_formula(
            [formulas.mismatch_condition(spec, r) for r in relations if r.severity == "warning"]
            + _publication(spec, sheet) + _organ_kinds(spec, sheet)),
        "blanks": "=" + formulas.blank_count([f for f in fields if f.required]),
    }


def _publication(spec: FormatSpec, sheet: Sheet) -> list[str]:
    """发布日期 blank; 发布日期 after the deadline of the year after the report's, or
    within the report's own year."""
    publication = spec.assessment.publication
    if publication is None or spec.fields[publication.field].sheet != sheet.name:
        return []
    date = spec.fields[publication.field].cell
    year = _ref(spec, sheet, YEAR_FIELD)
    month, day = publication.deadline
    return [f'IF(ISERROR({date}),FALSE,TRIM({date})="")',
            f"IF(AND(ISNUMBER({date}),ISNUMBER({year})),"
            f"IF({year}=INT({year}),OR(INT({date})>DATE({year}+1,{month},{day}),"
            f"INT({date})<DATE({year}+1,1,1)),FALSE),FALSE)"]


def _organ_kinds(spec: FormatSpec, sheet: Sheet) -> list[str]:
    """An organ of a kind (乡镇/街道, by its name) reporting what it cannot have (规章)."""
    conditions = []
    for kind in spec.assessment.organ_kinds:
        if not kind.cannot_report or spec.fields[kind.cannot_report[0]].sheet != sheet.name:
            continue
        names = ",".join(f'"{name}"' for name in kind.names)
        organ = f'SUBSTITUTE({_ref(spec, sheet, ORGAN_FIELD)}," ","")'
        of_kind = f"SUMPRODUCT(--ISNUMBER(FIND({{{names}}},{organ})))>0"
        reported = ",".join(f"IF(ISNUMBER({c}),{c}>0,FALSE)"
                            for c in (spec.fields[fid].cell for fid in kind.cannot_report))
        conditions.append(f"AND({of_kind},OR({reported}))")
    return conditions


def _ref(spec: FormatSpec, sheet: Sheet, fid: str) -> str:
    """A field's cell as written in a formula on ``sheet``."""
    f = spec.fields[fid]
    return f.cell if f.sheet == sheet.name else f"{quote_sheet(f.sheet)}!{f.cell}"
