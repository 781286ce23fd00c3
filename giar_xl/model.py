"""The report model: the values of one organ's annual report, keyed by field id.

A value is what the clerk entered, kept faithfully so the rules can judge it:

* ``None``              blank
* ``int`` / ``Decimal`` a number (counts stay ``int`` when whole)
* ``str``               text: narratives, but also 「/」, 「无」 or garbage in a number cell
* ``datetime.date``     a date (发布日期)
* :class:`ErrorValue`   a spreadsheet error such as ``#REF!``

Nothing here judges a value; that is the rules' job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from .spec import FormatSpec, load_spec


@dataclass(frozen=True)
class ErrorValue:
    """A spreadsheet error value (``#REF!``, ``#VALUE!`` …) found in a cell."""

    code: str

    def __str__(self) -> str:
        return self.code


Value = int | Decimal | str | dt.date | ErrorValue | None

NOT_APPLICABLE = "/"


@dataclass(frozen=True)
class Report:
    """One report's values (and where each was read from)."""

    spec: FormatSpec = field(repr=False, compare=False)
    values: Mapping[str, Value]
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)
    source: str | None = field(default=None, compare=False)
    # Fields that could not be read at all (sheet deleted, row missing from an
    # imported report); a finding already says so, the rules skip them.
    unreadable: frozenset[str] = field(default=frozenset(), compare=False)

    def __getitem__(self, field_id: str) -> Value:
        return self.values.get(field_id)

    @property
    def org(self) -> str:
        value = self.values.get("meta_org")
        return str(value).strip() if value not in (None, "") else ""

    @property
    def year(self) -> int | None:
        value = self.values.get("meta_year")
        return value if isinstance(value, int) else None

    @property
    def published(self) -> dt.date | None:
        """The 发布日期 (the date the report is signed), if filled in."""
        value = self.values.get("meta_date")
        return value if isinstance(value, dt.date) else None

    def origin(self, field_id: str) -> str | None:
        return self.origins.get(field_id)

    def with_values(self, **changes: Value) -> Report:
        values = dict(self.values)
        values.update(changes)
        return Report(self.spec, MappingProxyType(values), self.origins, self.source,
                      self.unreadable)


@dataclass(frozen=True)
class ReadResult:
    """A report as read from a file, with what reading it found."""

    report: Report
    findings: tuple = ()  # tuple[Finding, ...]: damage found while reading
    accepted: Mapping[str, str] = field(default_factory=dict)  # fingerprint -> reason


def make_report(values: Mapping[str, Any], spec: FormatSpec | None = None,
                source: str | None = None, origins: Mapping[str, str] | None = None,
                unreadable: frozenset[str] = frozenset()) -> Report:
    """A report holding ``values`` (unknown ids are refused; missing ids are blank)."""
    spec = spec or load_spec()
    unknown = set(values) - set(spec.fields)
    if unknown:
        raise KeyError(f"unknown field ids: {sorted(unknown)}")
    full = {fid: normalise(values.get(fid)) for fid in spec.fields}
    return Report(spec, MappingProxyType(full), MappingProxyType(dict(origins or {})), source,
                  frozenset(unreadable))


def normalise(value: Any) -> Value:
    """Canonical in-memory form: whole floats -> int, other floats -> Decimal."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer():
            return int(value)
        return Decimal(repr(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def parse_number(text: str) -> int | Decimal | None:
    """A plain numeral (ASCII or full-width digits) as a number, else None."""
    cleaned = text.strip().translate(_FULLWIDTH).replace(",", "")
    if not cleaned or not all(ch.isdigit() or ch in ".-+" for ch in cleaned):
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return normalise(number)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，", "0123456789.-+,")


def report_from_tables(data: Mapping[str, Any], spec: FormatSpec | None = None,
                       source: str | None = None) -> Report:
    """Build a report from a readable document (demo data, test fixtures).

    ``data`` holds ``fields`` (field id -> value) and ``tables`` (table id ->
    row id -> list of values in the table's column order, as printed).
    """
    spec = spec or load_spec()
    values: dict[str, Any] = dict(data.get("fields", {}))
    for table_id, rows in (data.get("tables") or {}).items():
        table = spec.tables[table_id]
        columns = [c.id for c in table.column_leaves()]
        for row_key, row_values in rows.items():
            row_id = None if row_key in ("", "_") else row_key
            if len(columns) != len(row_values):
                raise ValueError(f"{table_id}.{row_key}: {len(row_values)} values for "
                                 f"{len(columns)} columns")
            values.update(zip([table.field_id(row_id, c) for c in columns], row_values,
                              strict=True))
    return make_report(values, spec, source)
