"""What every rule sees: the report, last year's report, value classes, locations."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Mapping
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


# The members once more, as plain names: on Python 3.11 ``Kind.X`` costs a descriptor
# call (~0.3 microseconds), which loops over every field of a report would pay hundreds of times.
BLANK, NUMBER, NOT_APPLICABLE_KIND, TEXT = Kind.BLANK, Kind.NUMBER, Kind.NOT_APPLICABLE, Kind.TEXT
_DATE, _ERROR, _UNREADABLE = Kind.DATE, Kind.ERROR, Kind.UNREADABLE


def kind_of(f: Field, value: Value, unreadable: bool = False) -> Kind:
    if unreadable:
        return _UNREADABLE
    if value is None:
        return BLANK
    if isinstance(value, ErrorValue):
        return _ERROR
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return NUMBER
    if isinstance(value, dt.date):
        return _DATE
    if isinstance(value, str) and value.strip() in NA_MARKS and f.na_allowed:
        return NOT_APPLICABLE_KIND
    return TEXT


@functools.lru_cache(maxsize=4)
def _fields(spec: FormatSpec) -> tuple[tuple[str, Field, int | Decimal | None], ...]:
    return tuple((fid, f, f.minimum) for fid, f in spec.fields.items())


@functools.lru_cache(maxsize=4)
def long_texts(spec: FormatSpec) -> tuple[str, ...]:
    """The narrative fields (long texts), in the format's order."""
    return tuple(fid for fid, f in spec.fields.items() if f.type == "text" and f.long)


def _valid(f: Field, value: int | Decimal) -> int | Decimal | None:
    if f.minimum is not None and value < f.minimum:
        return None
    if f.decimals == 0 and value != int(value):
        return None
    return value


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
    """The report and last year's, with every field's :class:`Kind` and valid figure
    worked out once: the rules ask for them a few hundred times per report."""

    report: Report
    previous: Report | None = None
    values: Mapping[str, Value] = field(init=False, repr=False)  # field id -> value
    kinds: dict[str, Kind] = field(init=False, repr=False)  # field id -> kind
    numbers: dict[str, int | Decimal | None] = field(init=False, repr=False)  # see number()
    memo: dict = field(default_factory=dict, init=False, repr=False)  # what rules share, per report

    def __post_init__(self) -> None:
        self.values = values = self.report.values
        unreadable = self.report.unreadable
        self.kinds = kinds = {}
        self.numbers = numbers = {}
        for fid, f, minimum in _fields(self.spec):
            value = values[fid]
            if value.__class__ is int:  # the usual case, by far (whole numbers are always valid)
                kinds[fid] = NUMBER
                numbers[fid] = value if minimum is None or value >= minimum else None
                continue
            kinds[fid] = kind = kind_of(f, value, fid in unreadable)
            numbers[fid] = (0 if kind is NOT_APPLICABLE_KIND else
                            _valid(f, value) if kind is NUMBER else None)

    @property
    def spec(self) -> FormatSpec:
        return self.report.spec

    def value(self, fid: str) -> Value:
        return self.values[fid]

    def kind(self, fid: str) -> Kind:
        return self.kinds[fid]

    def number(self, fid: str) -> int | Decimal | None:
        """The value if it is a valid figure of its type, 0 for 「/」, None otherwise.

        A negative count or a fraction is a number but not a valid figure: the
        type rules report it, and sums that depend on it wait until it is fixed.
        """
        return self.numbers[fid]

    def invalid(self, fid: str) -> bool:
        """A number cell holding something that is not a valid figure (text, #REF!, -1, 1.5)."""
        kind = self.kinds[fid]
        return kind is TEXT or kind is _ERROR or (kind is NUMBER and self.numbers[fid] is None)

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
