"""Generate the report workbook from the format: one protected sheet per section.

Official labels are locked; only input cells are unlocked, styled as inputs,
validated (data validation with Chinese messages) and named after their field
id.  Grey 应为 cells, red/yellow conditional formatting and the per-sheet 自检
counts work in Excel, WPS and LibreOffice without macros.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..cells import (
    cell_name,
    column_index,
    column_letter,
    parse_cell,
    quote_sheet,
    range_cells,
)
from ..fileio import atomic_save
from ..model import Report, Value
from ..spec import Field, FormatSpec, Sheet, load_spec
from . import formulas, selfcheck
from .design import (
    ERROR_FILL,
    ERROR_FONT,
    LABEL_STYLE,
    OK_FILL,
    OK_FONT,
    WARNING_FILL,
    WARNING_FONT,
    input_style,
)
from .printing import a4
from .reader import designed_name_targets, marker_value
from .styles import STYLES, solid
from .textcells import put

SELFCHECK_LABELS = selfcheck.LABELS
NARRATIVE_MIN_HEIGHT, NARRATIVE_MAX_HEIGHT = 120, 409


def build_workbook(spec: FormatSpec | None = None, report: Report | None = None) -> Workbook:
    """A fresh workbook for ``spec``, filled with ``report``'s values if given."""
    spec = spec or load_spec()
    wb = Workbook()
    wb.remove(wb.active)
    for style in STYLES.values():
        wb.add_named_style(style)
    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        _SheetBuilder(spec, sheet, ws, report).build()
    _cover_summary(spec, wb)
    _results_header(spec, wb[spec.results_sheet.name])
    wb.defined_names[spec.marker_name] = DefinedName(
        spec.marker_name, attr_text=f'"{marker_value(spec)}"', hidden=True)
    for fid, target in designed_name_targets(spec).items():
        wb.defined_names[fid] = DefinedName(fid, attr_text=target)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0
    return wb


def write_workbook(path: str | Path, spec: FormatSpec | None = None,
                   report: Report | None = None, *, overwrite: bool = False) -> Path:
    """Build and save atomically; returns the path written.  An existing file is
    replaced only with ``overwrite`` (InputError otherwise)."""
    return atomic_save(build_workbook(spec, report), path, overwrite)


class _SheetBuilder:
    def __init__(self, spec: FormatSpec, sheet: Sheet, ws: Worksheet, report: Report | None):
        self.spec, self.sheet, self.ws, self.report = spec, sheet, ws, report
        self.widths = {column_index(c): w for c, w in sheet.widths}
        self.validations: dict[tuple, DataValidation] = {}

    def build(self) -> None:
        for letter, width in self.sheet.widths:
            self.ws.column_dimensions[letter].width = width
        for label in self.sheet.labels:
            self._label(label.cell, label.text, LABEL_STYLE[label.kind], label.merge)
        self.ws.row_dimensions[1].height = 30
        for fid in self.sheet.fields:
            self._input(self.spec.fields[fid])
        self._checks()
        self._selfcheck()
        self._row_heights()
        self._page_setup()
        if self.sheet.role != "results":
            self.ws.protection.sheet = True
            self.ws.protection.formatColumns = False  # clerks may widen columns
            self.ws.protection.formatRows = False  # … and rows, for long texts

    # -- cells ------------------------------------------------------------
    def _style_range(self, ref: str, style: str) -> None:
        for r, c in range_cells(ref):
            self.ws.cell(r, c).style = STYLES[style].name

    def _label(self, cell: str, text: str, style: str, merge: str | None) -> None:
        self._style_range(merge or cell, style)
        put(self.ws[cell], text)
        if merge:
            self.ws.merge_cells(merge)

    def _input(self, f: Field) -> None:
        style = input_style(f.type, f.role, f.long)
        self._style_range(f.merge or f.cell, style)
        if f.merge:
            self.ws.merge_cells(f.merge)
        value = self.report[f.id] if self.report is not None else None
        if value is not None:
            put(self.ws[f.cell], _cell_value(value))
        self._validate(f)

    def _validate(self, f: Field) -> None:
        """One data-validation rule per distinct rule text, shared by its cells."""
        dv = _validation(f)
        key = (dv.type, dv.operator, dv.formula1, dv.formula2, dv.promptTitle, dv.prompt)
        if "custom" == dv.type or key not in self.validations:
            self.ws.add_data_validation(dv)
            self.validations[key] = dv
        self.validations[key].add(f.cell)

    def _checks(self) -> None:
        for rel in self.spec.relations:
            anchor = self.spec.fields[rel.anchor]
            if anchor.sheet != self.sheet.name:
                continue
            if rel.expected_cell:
                cell = self.ws[rel.expected_cell]
                cell.value = _formula(rel.expected_cell, formulas.expected_formula(self.spec, rel))
                cell.style = STYLES["expected"].name
            severe = rel.severity == "error"
            rule = FormulaRule(formula=[formulas.mismatch_condition(self.spec, rel)],
                               fill=solid(ERROR_FILL if severe else WARNING_FILL),
                               font=Font(color=ERROR_FONT if severe else WARNING_FONT, bold=True),
                               stopIfTrue=True)
            self.ws.conditional_formatting.add(anchor.merge or anchor.cell, rule)
        self._invalid_inputs_turn_red()

    def _invalid_inputs_turn_red(self) -> None:
        """An input holding what ``check`` reports as a type error (text, -1, 1.5 …) turns red."""
        numbers = [self.spec.fields[fid] for fid in self.sheet.fields
                   if self.spec.fields[fid].is_number]
        for ref, condition in formulas.invalid_highlights(numbers):
            rule = FormulaRule(formula=[condition], fill=solid(ERROR_FILL),
                               font=Font(color=ERROR_FONT, bold=True))
            self.ws.conditional_formatting.add(ref, rule)

    def _selfcheck(self) -> None:
        sources = selfcheck.sheet_counts(self.spec, self.sheet)
        for kind, ref in self.sheet.selfcheck:
            self._label(formulas.left_of(ref), SELFCHECK_LABELS[kind], "check", None)
            cell = self.ws[ref]
            cell.value = _formula(ref, sources[kind])
            cell.style = STYLES["selfcheck"].name
            _traffic_light(self.ws, ref, bad_fill=WARNING_FILL if kind != "errors" else ERROR_FILL)

    # -- geometry ---------------------------------------------------------
    def _row_heights(self) -> None:
        heights: dict[int, float] = {}
        for label in self.sheet.labels:
            if label.kind in ("row", "corner", "form", "column"):
                rows, width = _extent(label.merge or label.cell, self.widths)
                lines = _lines(label.text, width)
                per_row = (lines * 14 + 6) / rows
                for r in range(rows):
                    row = parse_cell(label.cell)[0] + r
                    heights[row] = max(heights.get(row, 18), per_row)
        for table_id in self.sheet.tables:
            table = self.spec.tables[table_id]
            if table.header_height:
                top = parse_cell(table.anchor)[0]
                for r in range(top, top + table.header_rows):
                    heights[r] = max(heights.get(r, 0), table.header_height / table.header_rows)
        for fid in self.sheet.fields:
            f = self.spec.fields[fid]
            if f.long:
                text = str(self.report[f.id] or "") if self.report is not None else ""
                heights[parse_cell(f.cell)[0]] = long_text_height(text, f.merge or f.cell,
                                                                  self.widths)
        for row, height in heights.items():
            self.ws.row_dimensions[row].height = round(height, 1)

    def _page_setup(self) -> None:
        ws = self.ws
        a4(ws, landscape=self.sheet.orientation == "landscape")
        if self.sheet.role == "results":
            ws.print_title_rows = "2:2"
            return  # grows with every check; printed whole
        last_col = max((column_index(c) for c, _w in self.sheet.widths), default=1)
        ws.print_area = f"A1:{cell_name(ws.max_row, last_col)}"
        for table_id in self.sheet.tables:
            table = self.spec.tables[table_id]
            if table.label_columns and len(self.sheet.tables) == 1:
                top, left = parse_cell(table.anchor)
                first_data = top + table.header_rows
                ws.print_title_rows = f"{top}:{first_data - 1}"
                ws.freeze_panes = cell_name(first_data, left + table.label_columns)


def _formula(ref: str, text: str) -> str | ArrayFormula:
    """A cell's formula, entered as an array formula where it needs one."""
    return ArrayFormula(ref, text) if formulas.is_array(text) else text


def _traffic_light(ws: Worksheet, ref: str, bad_fill: str) -> None:
    bad_font = ERROR_FONT if bad_fill == ERROR_FILL else WARNING_FONT
    ws.conditional_formatting.add(ref, FormulaRule(
        formula=[f"{ref}>0"], fill=solid(bad_fill), font=Font(color=bad_font, bold=True),
        stopIfTrue=True))
    ws.conditional_formatting.add(ref, FormulaRule(
        formula=[f"{ref}=0"], fill=solid(OK_FILL), font=Font(color=OK_FONT, bold=True)))


def long_text_height(text: str, ref: str, widths: dict[int, float]) -> float:
    """Row height (points) that shows ``text`` whole in the long-text cell or merge ``ref``
    (column widths in character units by column number), within Excel's 409-point limit."""
    _rows, width = _extent(ref, widths)
    return min(max(_lines(text, width) * 17 + 10, NARRATIVE_MIN_HEIGHT), NARRATIVE_MAX_HEIGHT)


def _extent(ref: str, widths: dict[int, float]) -> tuple[int, float]:
    """(rows spanned, total width in character units) of a cell or merge."""
    cells = range_cells(ref)
    rows = len({r for r, _c in cells})
    width = sum(widths.get(c, 8.43) for c in {c for _r, c in cells})
    return rows, width


def _lines(text: str, width: float) -> int:
    """Wrapped line count for ``text`` in a column ``width`` characters wide."""
    usable = max(width - 1.5, 2)
    total = 0
    for paragraph in text.split("\n") or [""]:
        units = sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in paragraph)
        total += max(1, math.ceil(units / usable))
    return total


def _cell_value(value: Value):
    if hasattr(value, "code"):  # ErrorValue: write the text, never a fake error
        return str(value)
    return value


def _validation(f: Field) -> DataValidation:
    """Input rule with a Chinese prompt and error alert for one input cell."""
    cell = f.cell
    na = "，本机关不适用的填「/」" if f.na_allowed else ""
    if f.type == "count":
        rule = dict(type="whole", operator="greaterThanOrEqual", formula1="0")
        prompt = f"填写不小于 0 的整数（单位：{f.unit}）。没有的填 0{na}。"
        error = f"这里只能填不小于 0 的整数（{f.unit}）{na}。"
        custom = _number_rule(cell, f"AND({cell}>=0,{cell}=INT({cell}))", f.na_allowed)
    elif f.type == "amount":
        # a decimal rule cannot limit the places: a formula does (as the self-check's)
        places = f"ROUND({cell},{f.decimals})={cell}" if f.decimals else f"{cell}=INT({cell})"
        custom = _number_rule(cell, f"AND({cell}>=0,{places})", f.na_allowed)
        rule = dict(type="custom", formula1=custom)
        prompt = f"填写金额（单位：{f.unit}），最多 {f.decimals} 位小数。没有的填 0{na}。"
        error = f"这里只能填不小于 0 的金额（{f.unit}），最多 {f.decimals} 位小数{na}。"
    elif f.type == "year":
        rule = dict(type="whole", operator="between", formula1=str(int(f.minimum or 2008)),
                    formula2=str(int(f.maximum or 2100)))
        prompt, error, custom = f.hint or "填写四位年份。", "请填写四位年份，如 2025。", None
    elif f.type == "date":
        rule = dict(type="date", operator="between", formula1="DATE(2008,1,1)",
                    formula2="DATE(2100,12,31)")
        prompt, error, custom = f.hint or "填写日期。", "请填写日期，如 2026-01-20。", None
    else:
        rule, prompt, error, custom = {}, f.hint or "", "", None
        if f.long:  # Excel keeps the row's height: a longer text is cut off on screen and paper
            prompt += "文字多于框的大小时，拖动行号下边线加大行高即可看到全部（导出的报告不受影响）。"
    if f.role == "previous":
        prompt = f"上年报告中的数字（用 --previous 生成时自动带入），用于跨年度核对。{prompt}"
    if f.na_allowed and custom:
        rule = dict(type="custom", formula1=custom)
    dv = DataValidation(allow_blank=True, showInputMessage=bool(prompt),
                        showErrorMessage=bool(error), errorStyle="stop", **rule)
    dv.promptTitle = _clip(f.row_path[-1] if f.type == "text" else _PROMPT_TITLE.get(f.type, "填写说明"),
                           32)
    dv.prompt = _clip(prompt, 255)
    if error:
        dv.errorTitle = "输入有误"
        dv.error = _clip(error, 255)
    return dv


def _number_rule(cell: str, valid_number: str, na_allowed: bool) -> str:
    """A custom input rule: a number passing ``valid_number``, or 「/」 where allowed.  The
    tests on the number stand inside IF(ISNUMBER(…)): Excel's AND does not stop at the first
    FALSE, and INT("/") is #VALUE!, which an input rule takes as a refusal."""
    text_ok = f'{cell}="/"' if na_allowed else "FALSE"
    return f"IF(ISNUMBER({cell}),{valid_number},{text_ok})"


_PROMPT_TITLE = {"count": "填写件数", "amount": "填写金额", "year": "报告年度", "date": "发布日期"}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cover_summary(spec: FormatSpec, wb: Workbook) -> None:
    """自检汇总 on the cover: each section sheet's counts, then the instructions."""
    cover = next(s for s in spec.sheets if s.role == "cover")
    ws = wb[cover.name]
    top = max(parse_cell(spec.fields[f].cell)[0] for f in cover.fields) + 2
    kinds = list(SELFCHECK_LABELS)
    headers = list(selfcheck.SUMMARY_HEADERS)
    for i, text in enumerate(headers, start=1):
        cell = ws.cell(top, i, text)
        cell.style = STYLES["header"].name
    # The cover's own fields (年度, 发布日期 …) are counted in place, the other sheets in row 2.
    rows = [cover, *(s for s in spec.sheets if s.selfcheck)]
    own = selfcheck.sheet_counts(spec, cover)
    for offset, sheet in enumerate(rows, start=1):
        r = top + offset
        ws.cell(r, 1, sheet.name).style = STYLES["row"].name
        refs = dict(sheet.selfcheck)
        for i, kind in enumerate(kinds, start=2):
            ref = f"{column_letter(i)}{r}"
            if sheet is cover:
                value = _formula(ref, own[kind])
            else:
                value = f"={quote_sheet(sheet.name)}!{refs[kind]}" if kind in refs else 0
            ws.cell(r, i, value).style = STYLES["selfcheck"].name
    total_row = top + len(rows) + 1
    ws.cell(total_row, 1, selfcheck.SUMMARY_TOTAL).style = STYLES["header"].name
    for i in range(2, 5):
        col = column_letter(i)
        cell = ws.cell(total_row, i, f"=SUM({col}{top + 1}:{col}{total_row - 1})")
        cell.style = STYLES["selfcheck"].name
        _traffic_light(ws, cell.coordinate,
                       bad_fill=ERROR_FILL if i == 2 else WARNING_FILL)
    ws.row_dimensions[top].height = 20
    if spec.check_only:
        ws.merge_cells(start_row=total_row + 1, start_column=1, end_row=total_row + 1, end_column=4)
        note = ws.cell(total_row + 1, 1, spec.check_only)
        note.style = STYLES["note"].name
        ws.row_dimensions[total_row + 1].height = max(18, _lines(spec.check_only, 90) * 14 + 4)
    r = total_row + 3
    ws.cell(r, 1, selfcheck.INSTRUCTIONS_CAPTION).style = STYLES["caption"].name
    for offset, text in enumerate(spec.instructions, start=1):
        ws.merge_cells(start_row=r + offset, start_column=1, end_row=r + offset, end_column=4)
        cell = ws.cell(r + offset, 1, f"{offset}. {text}")
        cell.style = STYLES["note"].name
        ws.row_dimensions[r + offset].height = max(18, _lines(text, 90) * 14 + 4)
    ws.print_area = f"A1:D{r + len(spec.instructions)}"


def _results_header(spec: FormatSpec, ws: Worksheet) -> None:
    sheet = spec.results_sheet
    for i, column in enumerate(sheet.columns, start=1):
        ws.cell(2, i, column.label).style = STYLES["header"].name
    ws.cell(3, 1, "尚未校验。运行 giar-xl check --annotate，或在 Excel 中点击「校验」后，"
                  "这里列出每个问题并链接到对应单元格。").style = STYLES["note"].name
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(sheet.columns))
    ws.row_dimensions[3].height = 30
    ws.freeze_panes = "A3"
    ws.column_dimensions[column_letter(sheet.column_of("fingerprint"))].hidden = True

