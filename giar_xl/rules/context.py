"""What every rule sees: the report, last year's report, value classes, locations."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..findings import Finding
from ..model import NOT_APPLICABLE, ErrorValue, Report, Value
from ..spec import Field, FormatSpec
from .catalog import rule_info

_CELL_ORIGIN = re.compile(r"^(?P<sheet>.+)!(?P<cell>[A-Z]{1,3}[0-9]+)$")

# Texts clerks put in a number cell to mean "nothing": told apart from 「/」 and from 0.
NONE_WORDS = frozenset({"无", "没有", "暂无", "—", "-", "－", "——", "--", "空", "零"})
NA_MARKS = frozenset({NOT_APPLICABLE, "／"})


class Kind(enum.Enum):
    BLANK = "blank"
    NUMBER = "number"
    NOT_APPLICABLE = "not_applicable"  # 「/」 where the format allows it
    TEXT = "text"
    DATE = "date"
    ERROR = "error"
    UNREADABLE = "unreadable"  # could not be read at all (a finding says why)


def kind_of(f: Field, value: Value, unreadable: bool = False) -> Kind:
    if unreadable:
        return Kind.UNREADABLE
    if value is None:
        return Kind.BLANK
    if isinstance(value, ErrorValue):
        return Kind.ERROR
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Kind.NUMBER
    if isinstance(value, dt.date):
        return Kind.DATE
    if isinstance(value, str) and value.strip() in NA_MARKS and f.na_allowed:
        return Kind.NOT_APPLICABLE
    return Kind.TEXT


def show(value: Any) -> str:
    """A value as a clerk should read it in a message."""
    if value is None:
        return "空白"
    if isinstance(value, str):
        text = value if len(value) <= 20 else value[:20] + "…"
        return f"「{text}」"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    _kinds: dict[str, Kind] = field(default_factory=dict, repr=False)
    _numbers: dict[str, int | Decimal | None] = field(default_factory=dict, repr=False)

    @property
    def spec(self) -> FormatSpec:
        return self.report.spec

    def value(self, fid: str) -> Value:
        return self.report[fid]

    def kind(self, fid: str) -> Kind:
        if fid not in self._kinds:
            self._kinds[fid] = kind_of(self.spec.fields[fid], self.report[fid],
                                       fid in self.report.unreadable)
        return self._kinds[fid]

    def number(self, fid: str) -> int | Decimal | None:
        """The value if it is a valid figure of its type, 0 for 「/」, None otherwise.

        A negative count or a fraction is a number but not a valid figure: the
        type rules report it, and sums that depend on it wait until it is fixed.
        """
        if fid not in self._numbers:
            self._numbers[fid] = self._valid_number(fid)
        return self._numbers[fid]

    def invalid(self, fid: str) -> bool:
        """A number cell holding something that is not a valid figure (text, #REF!, -1, 1.5)."""
        return self.kind(fid) in (Kind.TEXT, Kind.ERROR) or (
            self.kind(fid) is Kind.NUMBER and self.number(fid) is None)

    def _valid_number(self, fid: str) -> int | Decimal | None:
        kind = self.kind(fid)
        if kind is Kind.NOT_APPLICABLE:
            return 0
        if kind is not Kind.NUMBER:
            return None
        value = self.report[fid]
        f = self.spec.fields[fid]
        if f.minimum is not None and value < f.minimum:
            return None
        if f.decimals == 0 and value != int(value):
            return None
        return value  # type: ignore[return-value]

    def finding(self, rule: str, fid: str | None, message: str, *, expected: Any = None,
                actual: Any = None, sheet: str | None = None, cell: str | None = None,
                cells: tuple[str, ...] = ()) -> Finding:
        info = rule_info(rule, self.spec)
        source = evidence = None
        if fid is not None:
            sheet, cell, source = self.locate(fid)
            evidence = str(self.report[fid])
        return Finding(rule=rule, severity=info.severity, message=message, field=fid,
                       sheet=sheet, cell=cell, expected=expected, actual=actual, source=source,
                       blocking=info.blocking, evidence=evidence, cells=cells)

    def locate(self, fid: str) -> tuple[str, str, str | None]:
        """(sheet, cell, source line): where the clerk typed it, or where it belongs."""
        f = self.spec.fields[fid]
        origin = self.report.origin(fid)
        if origin:
            match = _CELL_ORIGIN.match(origin)
            if match:
                return match["sheet"], match["cell"], None
            return f.sheet, f.cell, origin
        return f.sheet, f.cell, None
