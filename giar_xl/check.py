"""Checking files: read (workbook or published report), run the rules, apply acceptances.

This is the one pipeline behind ``giar-xl check``, ``summary``, ``export`` and
the Excel add-in; it never raises for a bad file — an unusable file becomes a
:class:`FileResult` with status ``unreadable`` and a reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import InputError, NotOurWorkbook
from .fileio import regular_input
from .findings import WARNING, FileResult, Finding, sorted_findings
from .model import ReadResult, Report
from .rules import check_report
from .spec import FormatSpec, load_spec
from .workbook.reader import read_workbook

Loader = Callable[[Path, FormatSpec], ReadResult]

# File suffix -> how to read it.  The loaders of published reports (.txt, .docx …)
# come from giar_xl.importer, added on first use by _load_plugins().
def read_spreadsheet(path: Path, spec: FormatSpec) -> ReadResult:
    """A giar-xl workbook; or, when the .xlsx is some other spreadsheet, the report typed
    into its cells, read as a .xls or .ods one is (a report's tables copied into Excel)."""
    try:
        return read_workbook(path, spec)
    except NotOurWorkbook as exc:
        try:
            from .importer import import_sheet
        except ImportError:  # a runtime without the importer
            raise exc from None
        try:
            result = import_sheet(path, spec)
        except InputError:
            raise exc from None  # nothing of a report in it: say what it is not
        if not any(v is not None for f, v in result.report.values.items()
                   if spec.fields[f].table):
            raise exc from None
        return result


LOADERS: dict[str, Loader] = {".xlsx": read_spreadsheet, ".xlsm": read_spreadsheet}


_ARCHIVE = ("这是压缩包（{suffix}），giar-xl 不打开压缩包。请先解压，再审核其中的报告。")
_PICTURE = ("这是图片（{suffix}），没有文字层：giar-xl 不做文字识别，无法读取其中的文字和数字。"
            "请向发布机关索取文字版的 PDF、Word 或网页版本，或先用 OCR 软件识别为文字后再审核。")
# Forms a report is sent in that cannot be checked: found in folders and named, so that the
# reviewer learns why (and the organ is not taken for one that sent nothing).
REFUSED: dict[str, str] = {**dict.fromkeys((".zip", ".rar", ".7z"), _ARCHIVE),
                           **dict.fromkeys((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"),
                                           _PICTURE)}


# Files read as plain text.  A published report is tens of KB of text, a saved web page
# with its pictures inside a few MB; reading text costs seconds a megabyte, so a far
# larger file (a log, a data dump renamed .txt) is refused before it is read.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".mht", ".mhtml"})
MAX_TEXT_BYTES = 8 * 1024 * 1024


def supported_suffixes() -> set[str]:
    _load_plugins()
    return set(LOADERS)


def load(path: str | Path, spec: FormatSpec | None = None) -> ReadResult:
    """Read any supported file into a report; raises :class:`InputError` if unusable."""
    path = Path(path)
    spec = spec or load_spec()
    if path.suffix.lower() not in LOADERS:
        _load_plugins()
    loader = LOADERS.get(path.suffix.lower())
    if path.suffix.lower() in REFUSED:
        raise InputError(REFUSED[path.suffix.lower()].format(suffix=path.suffix.lower()), str(path))
    if loader is None:
        known = "、".join(sorted(LOADERS))
        raise InputError(f"不支持的文件类型「{path.suffix or '无扩展名'}」（支持 {known}）。", str(path))
    if path.suffix.lower() in TEXT_SUFFIXES:
        _refuse_oversized_text(path)
    return loader(path, spec)


def _refuse_oversized_text(path: Path) -> None:
    size = regular_input(path).st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(f"文件过大（{size / 1048576:.1f} MB，上限为 {MAX_TEXT_BYTES // 1048576} MB），"
                         f"不是正常的年度报告，请确认选对了文件。", str(path))


def check_result(result: ReadResult, path: str, previous: Report | None = None) -> FileResult:
    """Findings for an already-read report, with accepted warnings marked."""
    findings = [*result.findings, *check_report(result.report, previous)]
    if result.accepted:  # (a fingerprint costs a hash: only when there are acceptances)
        findings = [_accepted(f, result.accepted) for f in findings]
    report = result.report
    order = [s.name for s in report.spec.sheets]
    return FileResult(path=path, findings=tuple(sorted_findings(findings, order)),
                      organ=report.org, year=report.year, figures=key_figures(report),
                      published=report.published)


def check_file(path: str | Path, previous: Report | None = None,
               spec: FormatSpec | None = None) -> FileResult:
    """Check one file; an unusable file yields status ``unreadable``, never an exception."""
    try:
        result = load(path, spec)
    except InputError as exc:
        return FileResult(path=str(path), unreadable=exc.message)
    return check_result(result, str(path), previous)


def load_previous(path: str | Path | None, spec: FormatSpec | None = None) -> Report | None:
    """Last year's report for ``--previous`` (raises InputError when unusable)."""
    return None if path is None else load(path, spec).report


PreviousIndex = tuple[tuple[str, int, str], ...]  # (organ, year, path) of last year's reports


def index_previous(folder: str | Path, spec: FormatSpec | None = None) -> PreviousIndex:
    """Last year's reports in ``folder`` by organ and year (unusable files are skipped)."""
    found = []
    for path in iter_files([folder]):
        try:
            report = load(path, spec).report
        except InputError:
            continue
        if report.org and report.year:
            found.append((organ_key(report.org), report.year, str(path)))
    return tuple(found)


def organ_key(organ: str) -> str:
    return "".join(organ.split())


def _accepted(finding: Finding, accepted: dict[str, str]) -> Finding:
    reason = accepted.get(finding.fingerprint) if accepted else None
    if reason and finding.severity == WARNING:
        return finding.accept(reason)
    return finding


def key_figures(report: Report) -> dict[str, object]:
    """The figures a county summary shows, by field id (report fields of the tables)."""
    values = report.values
    return {fid: values[fid] for fid in _table_fields(report.spec)}


@functools.lru_cache(maxsize=4)
def _table_fields(spec: FormatSpec) -> tuple[str, ...]:
    return tuple(f.id for f in spec.report_fields() if f.table)


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus supported files found (recursively) in folders named — and the
    archives and pictures there (:data:`REFUSED`), which are then reported as unusable.

    Anything but a folder is included (a FIFO, a device, a broken link named
    ``*.txt`` too): reading it then fails with a message for that one file."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            suffixes = supported_suffixes() | set(REFUSED)
            found += sorted(p for p in path.rglob("*")
                            if not p.is_dir() and p.suffix.lower() in suffixes
                            and not p.name.startswith((".", "~$")))
        else:
            found.append(path)
    return found


def _load_plugins() -> None:
    """Add the published-report loaders of :mod:`giar_xl.importer` (imported lazily:
    parsing Word/HTML pulls in code a workbook check never needs)."""
    from .importer import IMPORTERS

    LOADERS.update(IMPORTERS)
