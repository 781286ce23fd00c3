"""What the offline page asks Python for: check a dropped file, an annotated copy, an export.

The page (``web/page/``) writes each dropped file into Pyodide's file system
and calls these functions; each answers with JSON text.  Checking is
:func:`giar_xl.batch.run_job` — the code behind ``giar-xl check`` and
``--annotate`` — and exporting follows ``giar-xl export``: refused while the
file has errors unless the clerk insists, never for an unusable file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..batch import Job, run_job
from ..check import check_result, load, supported_suffixes
from ..errors import InputError
from ..findings import SEVERITY_LABEL, FileResult, Finding
from ..marks import is_suspect, summary_line
from ..spec import load_spec
from . import edges

TEXT_EXPORTS = {"html": "网页", "md": "Markdown", "txt": "纯文本"}


def start() -> str:
    """Set up the edges and load the format once; the versions, for the page's footer."""
    import sys

    edges.install()
    load_spec()
    return json.dumps({"giar_xl": __version__, "python": sys.version.split()[0],
                       "suffixes": sorted(supported_suffixes())}, ensure_ascii=False)


def check(name: str, previous: str | None = None) -> str:
    """Check the uploaded file ``name`` (with last year's report ``previous``, if given)."""
    result = run_job(_job(name, previous)).result
    return json.dumps(result_view(result), ensure_ascii=False)


def annotated_copy(name: str, previous: str | None = None) -> str:
    """Write the annotated workbook of ``name``; its path, or the reason it could not be made."""
    target = edges.OUTPUTS / f"{Path(name).stem}.校验.xlsx"
    outcome = run_job(_job(name, previous, annotate_to=str(target)))
    if outcome.annotated:
        return json.dumps({"path": outcome.annotated, "name": target.name}, ensure_ascii=False)
    reason = outcome.problem or outcome.result.unreadable or "文件无法校验，未能生成标注副本。"
    return json.dumps({"refused": reason}, ensure_ascii=False)


def export(name: str, fmt: str, force: bool = False) -> str:
    """Export the uploaded report as ``fmt`` (html, md, txt), as ``giar-xl export`` would."""
    from ..export import export_report
    from ..export.policy import export_permit

    if fmt not in TEXT_EXPORTS:
        return json.dumps({"refused": f"网页中不能导出「{fmt}」格式。"}, ensure_ascii=False)
    path = edges.UPLOADS / name
    try:
        read = load(path)
    except InputError as exc:
        return json.dumps({"refused": exc.message}, ensure_ascii=False)
    result = check_result(read, name)
    permit = export_permit(result, force)
    if permit.unreadable:
        return json.dumps({"refused": "文件无法完整读取，不能导出。"}, ensure_ascii=False)
    if not permit.allowed:
        return json.dumps({"refused": f"文件中有 {len(permit.findings)} 处错误：请改正后再导出，"
                                      f"或选择「有错误也导出」。"}, ensure_ascii=False)
    target = edges.OUTPUTS / f"{Path(name).stem}.{fmt}"
    written = export_report(read.report, target, fmt, overwrite=True)
    return json.dumps({"path": str(written), "name": target.name}, ensure_ascii=False)


def _job(name: str, previous: str | None, annotate_to: str | None = None) -> Job:
    return Job(str(edges.UPLOADS / name), previous=str(edges.UPLOADS / previous) if previous else None,
               annotate_to=annotate_to, overwrite=True)


def result_view(result: FileResult) -> dict[str, Any]:
    """``result`` as ``giar-xl check --json`` gives it, plus what the page shows.

    ``groups`` holds the findings by sheet (in the format's order) and cell
    (cells with an error first, as ``check`` lists them); ``summary`` is the
    line the add-ins show after a check.
    """
    data = result.to_json()
    data["path"] = Path(result.path).name
    data["summary"] = summary_line(result.findings) if not result.unreadable else ""
    data["groups"] = _groups(result.findings)
    return data


def _groups(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    order = {s.name: i for i, s in enumerate(load_spec().sheets)}
    sheets: dict[str, dict[str, list[Finding]]] = {}
    for f in findings:
        sheets.setdefault(f.sheet or "", {}).setdefault(f.cell or "", []).append(f)
    groups = []
    for sheet in sorted(sheets, key=lambda s: (order.get(s, len(order)), s)):
        cells = sheets[sheet]
        groups.append({"sheet": sheet or "整份报告", "cells": [
            {"cell": cell, "findings": [_view(f) for f in items]} for cell, items in cells.items()]})
    return groups


def _view(f: Finding) -> dict[str, Any]:
    data = f.to_json()
    data["label"] = "已接受" if f.accepted else SEVERITY_LABEL[f.severity]
    data["suspect"] = is_suspect(f)  # the cell most likely mistyped: marked orange and framed
    return data
