"""What importing found: findings located at the field (sheet, cell) and the source line."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding
from ..rules.blocks import blocks
from ..rules.catalog import rule_info
from ..spec import FormatSpec


class Issues:
    """Collects import findings and the fields that could not be read."""

    def __init__(self, spec: FormatSpec):
        self.spec = spec
        self.findings: list[Finding] = []
        self.unreadable: set[str] = set()

    def add(self, rule: str, message: str, *, field: str | None = None,
            source: str | None = None, expected=None, actual=None,
            unreadable: Iterable[str] = ()) -> None:
        """Record a finding; ``unreadable`` fields are left out of the report's values."""
        info = rule_info(rule, self.spec)
        sheet = cell = None
        if field is not None:
            f = self.spec.fields[field]
            sheet, cell = f.sheet, f.cell
        unreadable = tuple(unreadable)
        self.findings.append(Finding(rule=rule, severity=info.severity, message=message,
                                     field=field, sheet=sheet, cell=cell, expected=expected,
                                     actual=actual, source=source, blocking=info.blocking,
                                     cells=self._ranges(unreadable, sheet)))
        self.unreadable.update(unreadable)

    def _ranges(self, fields: tuple[str, ...], sheet: str | None) -> tuple[str, ...]:
        """The cells a finding about several unreadable fields covers (all marked, not
        only its first), as A1 ranges on the finding's sheet."""
        on_sheet = [self.spec.fields[f] for f in fields if self.spec.fields[f].sheet == sheet]
        if len(on_sheet) < 2:
            return ()
        return tuple(r for block in blocks(self.spec, on_sheet) for r in block.ranges())
