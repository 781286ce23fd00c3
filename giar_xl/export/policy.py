"""When a checked report may be exported: the one policy of ``giar-xl export``, the
offline web page and the add-ins' 导出 button.

A file that cannot be read as a whole is never exported; a report with errors is
exported only when the clerk insists (``--force``, 「有错误也导出」); warnings never
stop an export.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import FileResult, Finding


@dataclass(frozen=True)
class ExportPermit:
    allowed: bool
    unreadable: bool  # cannot be read as a whole: refused even when forced
    findings: tuple[Finding, ...]  # why it is refused, or the errors exported over


def export_permit(result: FileResult, force: bool = False) -> ExportPermit:
    """Whether ``result``'s report may be exported (``force``: despite its errors)."""
    if result.status == "unreadable":
        blocking = tuple(f for f in result.findings if f.blocking) or tuple(result.errors)
        return ExportPermit(allowed=False, unreadable=True, findings=blocking)
    errors = tuple(result.errors)
    return ExportPermit(allowed=force or not errors, unreadable=False, findings=errors)
