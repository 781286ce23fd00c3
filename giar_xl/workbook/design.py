"""The designed look of each cell, as plain data (no spreadsheet library).

The builder styles cells from this; clearing marks restores it — in the
annotated copy (openpyxl) and in Excel (the add-in, through xlwings).
"""

from __future__ import annotations

import functools

from ..spec import FormatSpec

INPUT_FILL = "FFF7D6"  # light yellow: "you may type here"
PREVIOUS_FILL = "DDEBF7"  # light blue: last year's figures
EXPECTED_FILL = "EDEDED"  # grey: computed, locked
HEADER_FILL = "F2F2F2"

# Marks applied by the checker (and removed again by 清除标记).
ERROR_FILL, ERROR_FONT = "FFC7CE", "9C0006"
WARNING_FILL, WARNING_FONT = "FFEB9C", "9C5700"
OK_FILL, OK_FONT = "C6EFCE", "006100"
# The cell the broken sums point at (rule sum-suspect): its own colour, and a thick
# red frame where the program can draw one.
SUSPECT_FILL, SUSPECT_FONT, SUSPECT_BORDER = "F8CBAD", "C00000", "C00000"
MARK_FILLS = frozenset({ERROR_FILL, WARNING_FILL, SUSPECT_FILL})

LABEL_STYLE = {"title": "title", "caption": "caption", "column": "header", "corner": "corner",
               "row": "row", "form": "form", "check": "check"}
STYLE_FILL = {"header": HEADER_FILL, "corner": HEADER_FILL, "form": HEADER_FILL,
              "input": INPUT_FILL, "input_amount": INPUT_FILL, "input_date": INPUT_FILL,
              "input_text": INPUT_FILL, "input_line": INPUT_FILL, "previous": PREVIOUS_FILL,
              "expected": EXPECTED_FILL}


def input_style(field_type: str, role: str, long: bool) -> str:
    """The style key of an input cell."""
    if role == "previous":
        return "previous"
    if field_type == "text":
        return "input_text" if long else "input_line"
    return {"amount": "input_amount", "date": "input_date"}.get(field_type, "input")


@functools.lru_cache(maxsize=4)
def designed_styles(spec: FormatSpec) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> style key, for every label and input cell of the form."""
    styles = {(label.sheet, label.cell): LABEL_STYLE[label.kind] for label in spec.labels()}
    for f in spec.fields.values():
        styles[(f.sheet, f.cell)] = input_style(f.type, f.role, f.long)
    return styles


def designed_fill(spec: FormatSpec, sheet: str, cell: str) -> str | None:
    """The fill colour a cell had when the workbook was generated (None: no fill)."""
    return STYLE_FILL.get(designed_styles(spec).get((sheet, cell), ""))


def mark_fill(severity: str, suspect: bool = False) -> str:
    if suspect:
        return SUSPECT_FILL
    return ERROR_FILL if severity == "error" else WARNING_FILL


def mark_font(severity: str, suspect: bool = False) -> str:
    if suspect:
        return SUSPECT_FONT
    return ERROR_FONT if severity == "error" else WARNING_FONT
