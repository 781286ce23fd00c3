"""Read a filled giar-xl workbook into a :class:`~giar_xl.model.Report`.

Fields are found by their defined names (which follow a cell when rows move
or a sheet is renamed) and, failing that, at the format's cell positions.
Structural damage — a deleted or renamed sheet, an edited label, a broken
name — is reported as findings, never as a crash.  Only what the clerk typed
is read; the self-check formulas of the workbook are never trusted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from ..cells import absolute, column_letter, quote_sheet
from ..errors import InputError, NotOurWorkbook
from ..findings import Finding
from ..layout import LabelCell
from ..model import ErrorValue, ReadResult, Report, Value, normalise
from ..rules.catalog import rule_info
from ..spec import Field, FormatSpec, load_spec
from .ooxml import Cells, CellValue, open_package

_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?([0-9]+)$")


class CellSource(Protocol):
    """Where a workbook's cells come from: a file (:class:`XlsxPackage`) or a live
    workbook in Excel (the add-in's xlwings adapter)."""

    path: Path | str
    sheet_names: list[str]
    defined_names: dict[str, str]

    def cells(self, sheet_name: str, wanted: Collection[str] | None = None) -> Cells:
        """Non-empty cells of a sheet by A1 reference (only ``wanted`` ones if given)."""

    def excel_date(self, serial: float) -> dt.date:
        """A date from a spreadsheet serial number."""


def read_workbook(path: str | Path, spec: FormatSpec | None = None) -> ReadResult:
    """Read ``path``; raises :class:`InputError` when it is not a usable workbook."""
    with open_package(path) as pkg:
        return read_cells(pkg, spec)


def read_cells(source: CellSource, spec: FormatSpec | None = None) -> ReadResult:
    """Read a report from any :class:`CellSource`."""
    return _Reader(source, spec or load_spec()).read()


def marker_value(spec: FormatSpec) -> str:
    """The constant stored in the workbook's marker name, e.g. ``gov2021:1``."""
    return f"{spec.id}:{spec.version}"


def parse_name_target(text: str) -> tuple[str, str] | None:
    """``'三、依申请公开'!$D$7`` -> (sheet, "D7"); None for #REF! or ranges."""
    match = _REF.match(text.strip().lstrip("="))
    if not match:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    return sheet, f"{match.group(3)}{match.group(4)}"


class _Reader:
    def __init__(self, pkg: CellSource, spec: FormatSpec):
        self.pkg = pkg
        self.spec = spec
        self.findings: list[Finding] = []
        self.actual_sheet: dict[str, str | None] = {}  # spec sheet name -> name in the file

    def read(self) -> ReadResult:
        self._check_identity()
        self._map_sheets()
        as_designed = self._as_designed()
        located = _designed_cells(self.spec) if as_designed else {
            f.id: self._locate(f) for f in self.spec.fields.values()}
        self._decode_needed_cells(located, as_designed)
        values: dict[str, Value] = dict.fromkeys(self.spec.fields)  # in the format's order
        unreadable: set[str] = set()
        for sheet, fields in (_designed_by_sheet(self.spec) if as_designed
                              else _by_sheet(self.spec, located, unreadable)):
            cells = self.pkg.cells(sheet)
            for f, cell, plain_number in fields:
                value = cells.get(cell)
                if value.__class__ is float and plain_number:  # the usual case: a count
                    values[f.id] = int(value) if value.is_integer() else normalise(value)
                elif value is not None:
                    values[f.id] = self._value(f, value)
        self._uncomputed_formulas(values, located, unreadable)
        self._check_labels()
        origins = _designed_origins(self.spec) if as_designed else MappingProxyType(
            {fid: f"{where[0]}!{where[1]}" for fid, where in located.items() if where})
        report = Report(self.spec, MappingProxyType(values), origins, str(self.pkg.path),
                        frozenset(unreadable))
        return ReadResult(report, tuple(self.findings), self._acceptances())

    def _uncomputed_formulas(self, values: dict[str, Value], located, unreadable: set[str]) -> None:
        """A blank input cell that holds a formula whose result the file does not store: not
        「未填」 but unread, with a finding that says why and what to do."""
        find = getattr(self.pkg, "uncomputed_formulas", None)
        if find is None:  # a live workbook (the add-in): Excel has the results
            return
        blank: dict[str, dict[str, Field]] = {}
        for f in self.spec.fields.values():  # (last year's reference figures are often blank)
            where = located.get(f.id)
            if values[f.id] is None and where is not None and f.is_number and f.role != "previous":
                blank.setdefault(where[0], {})[where[1]] = f
        for sheet, cells in blank.items():
            for ref, formula in find(sheet, cells).items():
                f = cells[ref]
                unreadable.add(f.id)
                self._finding("formula-no-value", field=f.id, sheet=sheet, cell=ref,
                              message=f"「{f.title}」是公式「={formula}」，但文件中没有它的计算结果"
                                      f"（保存文件的程序没有计算公式）：请在 Excel/WPS 中打开并保存"
                                      f"后再校验，或直接填写数字。", actual=f"={formula}")

    def _as_designed(self) -> bool:
        """Every sheet under its name and every defined name as built: the usual case,
        in which each field is where the format puts it."""
        return (all(self.actual_sheet[s.name] == s.name for s in self.spec.sheets)
                and designed_name_targets(self.spec).items() <= self.pkg.defined_names.items())

    # -- is this one of ours? -------------------------------------------------
    def _check_identity(self) -> None:
        marker = self.pkg.defined_names.get(self.spec.marker_name)
        if marker is not None:
            found = marker.strip('"')
            if found.split(":")[0] != self.spec.id:
                raise InputError(f"这个工作簿按「{found}」格式生成，本版 giar-xl 只支持"
                                 f"「{self.spec.basis}」格式。", str(self.pkg.path))
            return
        known = {s.name for s in self.spec.sheets}
        has_names = any(fid in self.pkg.defined_names for fid in self.spec.fields)
        if not has_names and {"汇总", "问题清单"} <= set(self.pkg.sheet_names):
            raise InputError("这是 giar-xl summary 生成的汇总表，不是年报工作簿。"
                             "请把汇总表存到报告文件夹以外，以免下次汇总时把它当作报告。",
                             str(self.pkg.path))
        if not has_names and not known & set(self.pkg.sheet_names):
            raise NotOurWorkbook("不是 giar-xl 年报工作簿（找不到「三、依申请公开」等工作表）。"
                                 "请用 giar-xl new 生成的工作簿填报。", str(self.pkg.path))

    # -- sheets and cells ---------------------------------------------------
    def _map_sheets(self) -> None:
        present = set(self.pkg.sheet_names)
        for sheet in self.spec.sheets:
            if sheet.name in present:
                self.actual_sheet[sheet.name] = sheet.name
                continue
            renamed = self._renamed_to(sheet.name)
            self.actual_sheet[sheet.name] = renamed
            if sheet.role == "results":
                continue  # ours to recreate; its absence is not damage
            if renamed:
                self._finding("sheet-renamed", sheet=renamed,
                              message=f"工作表「{sheet.name}」被改名为「{renamed}」。"
                                      f"请改回原名，年报工作簿的工作表名称不能改动。",
                              expected=sheet.name, actual=renamed)
            else:
                self._finding("sheet-missing", sheet=sheet.name,
                              message=f"缺少工作表「{sheet.name}」（被删除或改名）。"
                                      f"该部分的数据无法读取，{self._rename_hint(sheet.name)}",
                              expected=sheet.name)

    def _rename_hint(self, missing: str) -> str:
        """What to do about a missing sheet: rename back the one sheet of the file the format
        does not know (a program renamed it without moving the names), else start again."""
        known = {s.name for s in self.spec.sheets}
        strangers = [name for name in self.pkg.sheet_names if name not in known]
        if len(strangers) == 1:
            return (f"如果工作表「{strangers[0]}」就是它（被改了名），请改回「{missing}」后再校验；"
                    f"否则请用原始工作簿重新填报。")
        return "请用原始工作簿重新填报。"

    def _decode_needed_cells(self, located: dict[str, tuple[str, str] | None],
                             as_designed: bool) -> None:
        """Parse each sheet once, decoding only field and label cells (and the results list)."""
        results = self.actual_sheet.get(self.spec.results_sheet.name)
        if results is not None:
            self.pkg.cells(results)  # whole: accepted warnings are listed there
        if as_designed:
            for sheet, refs in _designed_wanted(self.spec).items():
                self.pkg.cells(sheet, refs)
            return
        wanted: dict[str, set[str]] = {}
        for where in located.values():
            if where is not None:
                wanted.setdefault(where[0], set()).add(where[1])
        for label in official_labels(self.spec):
            sheet = self.actual_sheet.get(label.sheet)
            if sheet is not None:
                wanted.setdefault(sheet, set()).add(label.cell)
        for sheet, refs in wanted.items():
            self.pkg.cells(sheet, refs)

    def _renamed_to(self, spec_sheet: str) -> str | None:
        """The file's name for a spec sheet, learnt from the defined names on it."""
        for f in self.spec.fields.values():
            if f.sheet == spec_sheet and f.id in self.pkg.defined_names:
                target = parse_name_target(self.pkg.defined_names[f.id])
                if target and target[0] in self.pkg.sheet_names:
                    return target[0]
        return None

    def _locate(self, f: Field) -> tuple[str, str] | None:
        text = self.pkg.defined_names.get(f.id)
        if (text is not None and text == designed_name_targets(self.spec).get(f.id)
                and self.actual_sheet.get(f.sheet) == f.sheet):
            return f.sheet, f.cell  # the usual case: the name still points where it was put
        if text is not None:
            target = parse_name_target(text)
            if target and target[0] in self.pkg.sheet_names:
                return target
            sheet = self.actual_sheet.get(f.sheet)
            if sheet is not None:
                self._finding("name-broken", field=f.id, sheet=sheet, cell=f.cell,
                              message=f"「{f.title}」单元格的定义名称 {f.id} 已失效（{text}），"
                                      f"可能删除过单元格；已按原位置 {f.cell} 读取。",
                              actual=text)
        sheet = self.actual_sheet.get(f.sheet)
        return (sheet, f.cell) if sheet is not None else None

    def _value(self, f: Field, value: CellValue | None) -> Value:
        """What the clerk typed, in the report's form (:func:`~giar_xl.model.normalise`)."""
        if value is None:
            return None
        if isinstance(value, ErrorValue):
            return value
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            value = value.strip() if not f.long else value.strip("\n ").rstrip()
            if not value:
                return None
            return _parse_date_text(value) if f.type == "date" else value
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (dt.date, dt.datetime)):
            day = value.date() if isinstance(value, dt.datetime) else value
            return day if f.type == "date" else day.isoformat()
        if isinstance(value, (dt.time, dt.timedelta)):
            return str(value)
        if f.type == "date":
            try:
                return self.pkg.excel_date(value)
            except (OverflowError, ValueError):  # no such day: the type rule reports the number
                return str(normalise(value))
        if f.type == "text":
            return str(normalise(value))
        if f.type == "amount" and not float(value).is_integer():
            return _round_float_noise(normalise(value))
        return normalise(value)

    # -- labels -----------------------------------------------------------
    def _check_labels(self) -> None:
        for label in official_labels(self.spec):
            sheet = self.actual_sheet.get(label.sheet)
            if sheet is None:
                continue
            value = self.pkg.cells(sheet).get(label.cell)
            if value == label.text:
                continue
            actual = "" if value is None else str(value)
            if actual != label.text and _squash(actual) != _squash(label.text):
                shown = actual if actual else "（空白）"
                self._finding("label-edited", sheet=sheet, cell=label.cell,
                              message=f"标签被修改：应为「{label.text}」，现为「{shown}」。"
                                      f"工作簿已不是规定格式，请恢复原标签。",
                              expected=label.text, actual=actual)

    # -- accepted warnings ----------------------------------------------------
    def _acceptances(self) -> dict[str, str]:
        results = self.spec.results_sheet
        sheet = self.actual_sheet.get(results.name)
        if sheet is None:
            return {}
        cells = self.pkg.cells(sheet)
        fp_col = column_letter(results.column_of("fingerprint"))
        reason_col = column_letter(results.column_of("reason"))
        accepted = {}
        for ref, fingerprint in cells.items():
            row = ref[len(fp_col):]
            if not ref.startswith(fp_col) or not row.isdigit() or int(row) < 3 \
                    or not isinstance(fingerprint, str):
                continue
            reason = cells.get(reason_col + row)
            if isinstance(reason, str) and reason.strip():
                accepted[fingerprint.strip()] = reason.strip()
        return accepted

    def _finding(self, rule: str, message: str, **where) -> None:
        info = rule_info(rule)
        self.findings.append(Finding(rule=rule, severity=info.severity, message=message,
                                     blocking=info.blocking, **where))


@functools.lru_cache(maxsize=4)
def official_labels(spec: FormatSpec) -> tuple[LabelCell, ...]:
    """The labels a workbook must keep unchanged (not those of the results list)."""
    results = spec.results_sheet.name
    return tuple(label for label in spec.labels() if label.official and label.sheet != results)


FieldsOfSheet = tuple[str, tuple[tuple[Field, str, bool], ...]]  # sheet, (field, cell, plain)


def _by_sheet(spec: FormatSpec, located: dict[str, tuple[str, str] | None],
              unreadable: set[str]) -> list[FieldsOfSheet]:
    """Where to read each field, sheet by sheet, and whether a number read for it needs
    no more than normalising; the fields nowhere to be found go to ``unreadable``."""
    sheets: dict[str, list[tuple[Field, str, bool]]] = {}
    for f in spec.fields.values():
        where = located[f.id]
        if where is None:
            unreadable.add(f.id)
        else:
            sheets.setdefault(where[0], []).append((f, where[1], f.type in ("count", "year")))
    return [(sheet, tuple(fields)) for sheet, fields in sheets.items()]


@functools.lru_cache(maxsize=4)
def _designed_by_sheet(spec: FormatSpec) -> tuple[FieldsOfSheet, ...]:
    return tuple(_by_sheet(spec, _designed_cells(spec), set()))


@functools.lru_cache(maxsize=4)
def _designed_cells(spec: FormatSpec) -> dict[str, tuple[str, str]]:
    """Each field's (sheet, cell) in a workbook as built."""
    return {f.id: (f.sheet, f.cell) for f in spec.fields.values()}


@functools.lru_cache(maxsize=4)
def _designed_origins(spec: FormatSpec) -> MappingProxyType:
    return MappingProxyType({f.id: f"{f.sheet}!{f.cell}" for f in spec.fields.values()})


@functools.lru_cache(maxsize=4)
def _designed_wanted(spec: FormatSpec) -> dict[str, frozenset[str]]:
    """The cells to decode of each sheet of a workbook as built: fields and labels."""
    wanted: dict[str, set[str]] = {}
    for sheet, cell in _designed_cells(spec).values():
        wanted.setdefault(sheet, set()).add(cell)
    for label in official_labels(spec):
        wanted.setdefault(label.sheet, set()).add(label.cell)
    return {sheet: frozenset(cells) for sheet, cells in wanted.items()}


@functools.lru_cache(maxsize=4)
def designed_name_targets(spec: FormatSpec) -> dict[str, str]:
    """Each field's defined name text, as the builder writes it (``'sheet'!$D$7``)."""
    return {f.id: f"{quote_sheet(f.sheet)}!{absolute(f.cell)}" for f in spec.fields.values()}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _round_float_noise(number: Decimal) -> Decimal | int:
    """A formula's 0.30000000000000004 is 0.3: drop binary noise beyond 12 places."""
    return normalise(number.quantize(Decimal("1e-12")).normalize())


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _parse_date_text(text: str) -> dt.date | str:
    match = _DATE_TEXT.match(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    return text
