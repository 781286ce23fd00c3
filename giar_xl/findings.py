"""Findings: what a check found, as plain data shared by CLI, annotation and add-in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .cells import parse_cell

ERROR = "error"
WARNING = "warning"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "提醒"}


@dataclass(frozen=True)
class Finding:
    """One problem, located at a cell (workbook) or a line (imported report)."""

    rule: str
    severity: str
    message: str
    field: str | None = None
    sheet: str | None = None
    cell: str | None = None
    expected: Any = None
    actual: Any = None
    source: str | None = None  # the source line of an imported report
    blocking: bool = False  # the input is unusable as a whole (exit code 2)
    accepted: str | None = None  # the reason a reviewer accepted this warning
    evidence: str | None = None  # the field's value when found: an acceptance holds only for it
    # Every cell the finding is about, as A1 ranges ("E7:I8"), when it covers more than
    # ``cell`` (a block of blank cells): marking paints them all; ``cell`` is the first.
    cells: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.source or ""

    @property
    def fingerprint(self) -> str:
        """Stable across re-runs while rule, field and the figures stay the same."""
        key = json.dumps([self.rule, self.field, self.sheet, self.cell,
                          _plain(self.expected), _plain(self.actual), self.evidence],
                         ensure_ascii=False, default=str)
        import hashlib  # (loads OpenSSL: only once a finding needs its fingerprint)

        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    def accept(self, reason: str) -> Finding:
        if self.severity != WARNING:
            raise ValueError("only warnings can be accepted")
        return replace(self, accepted=reason)

    def to_json(self) -> dict[str, Any]:
        data = {
            "rule": self.rule, "severity": self.severity, "field": self.field,
            "sheet": self.sheet, "cell": self.cell, "message": self.message,
            "expected": _plain(self.expected), "actual": _plain(self.actual),
            "fingerprint": self.fingerprint,
        }
        if self.source is not None:
            data["source"] = self.source
        if self.cells:
            data["cells"] = list(self.cells)
        if self.accepted is not None:
            data["accepted"] = self.accepted
        return data


def _plain(value: Any) -> Any:
    """JSON-friendly form of a value (Decimal/date -> str, ints stay ints)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class FileResult:
    """The outcome of checking one file."""

    path: str
    findings: tuple[Finding, ...] = ()
    unreadable: str | None = None  # why the file could not be used at all
    organ: str = ""
    year: int | None = None
    figures: dict[str, Any] = field(default_factory=dict, compare=False)
    published: dt.date | None = field(default=None, compare=False)  # the report's 发布日期

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING and not f.accepted]

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.accepted]

    @property
    def reason(self) -> str | None:
        """Why the file cannot be checked as a report (status ``unreadable``), else None."""
        if self.unreadable:
            return self.unreadable
        blocking = [f.message for f in self.findings if f.blocking]
        if not blocking:
            return None
        more = f"（另有 {len(blocking) - 1} 处）" if len(blocking) > 1 else ""
        return blocking[0] + more

    @property
    def status(self) -> str:
        if self.reason:
            return "unreadable"
        if self.errors:
            return "errors"
        if self.warnings:
            return "warnings"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "status": self.status,
                                "organ": self.organ, "year": self.year,
                                "findings": [f.to_json() for f in self.findings]}
        if self.reason:
            data["reason"] = self.reason
        return data


def exit_code(results: Iterable[FileResult]) -> int:
    """2 if any file is unusable, else 1 if any error, else 0."""
    statuses = {r.status for r in results}
    if "unreadable" in statuses:
        return 2
    return 1 if "errors" in statuses else 0


def sorted_findings(findings: Iterable[Finding], sheet_order: Sequence[str] = ()) -> list[Finding]:
    """Errors first, then by sheet in workbook order (一、二、三… are not in code-point order),
    then by position on the sheet."""
    rank = {name: i for i, name in enumerate(sheet_order)}

    def key(f: Finding) -> tuple:
        return (0 if f.severity == ERROR else 1, rank.get(f.sheet or "", len(rank)), f.sheet or "",
                _cell_order(f.cell), f.rule)
    return sorted(findings, key=key)


def _cell_order(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    try:
        return parse_cell(cell)
    except ValueError:
        return (0, 0)

