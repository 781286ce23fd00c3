"""Export: the report as the document an organ publishes (Word, PDF, Markdown, text, HTML).

One document model (:mod:`.document`, built by :mod:`.build` from the format
and a report) is rendered by every output: the Jinja templates in
``templates/`` for text, Markdown and HTML, python-docx for Word, LibreOffice
for PDF.

    >>> from giar_xl.demo import demo_report
    >>> export_report(demo_report(), "北留镇2025年报.docx")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..model import Report
    from .document import ReportDocument

__all__ = ["FORMATS", "build_document", "export_report", "format_of", "write_document"]

# format -> what it is, for messages and help
FORMATS = {
    "docx": "Word 文档",
    "pdf": "PDF（需要 LibreOffice）",
    "md": "Markdown",
    "txt": "纯文本（与发布稿版式相同，可再导入）",
    "html": "网页（HTML）",
}
_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".txt": "txt",
             ".html": "html", ".htm": "html"}


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else from the file extension."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InputError(f"不支持的导出格式「{fmt}」（支持 {'、'.join(FORMATS)}）。")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"无法从扩展名「{suffix or '无'}」判断导出格式：请使用 "
                         f"{'、'.join(sorted(_SUFFIXES))} 之一，或用 --format 指定。")
    return _SUFFIXES[suffix]


def export_report(report: Report, path: str | Path, fmt: str | None = None, *,
                  overwrite: bool = False) -> Path:
    """Write ``report`` to ``path`` as the published document; returns the path.

    The format comes from the extension (.docx .pdf .md .txt .html) unless
    ``fmt`` names one.  The file is written atomically: a failed export never
    leaves a half-written file behind, and an existing file is replaced only with
    ``overwrite`` (InputError otherwise).
    """
    from .build import build_document

    return write_document(build_document(report), path, format_of(path, fmt), overwrite=overwrite)


def __getattr__(name: str):
    """``build_document`` on first use: the command line lists the formats without loading
    the format machinery and Jinja."""
    if name == "build_document":
        from .build import build_document

        return build_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write_document(doc: ReportDocument, path: str | Path, fmt: str, *,
                   overwrite: bool = False) -> Path:
    """Render an already-built document model to ``path`` in ``fmt``."""
    return _WRITERS[fmt](doc, Path(path), overwrite)


def _text_writer(fmt: str) -> Callable[[ReportDocument, Path, bool], Path]:
    def write(doc: ReportDocument, path: Path, overwrite: bool) -> Path:
        from ..fileio import atomic_write_text
        from .templating import render

        return atomic_write_text(path, render(doc, fmt), overwrite)
    return write


def _write_docx(doc: ReportDocument, path: Path, overwrite: bool) -> Path:
    from .word import write_docx  # python-docx only when Word output is asked for

    return write_docx(doc, path, overwrite=overwrite)


def _write_pdf(doc: ReportDocument, path: Path, overwrite: bool) -> Path:
    from .pdf import write_pdf

    return write_pdf(doc, path, overwrite=overwrite)


_WRITERS: dict[str, Callable[[ReportDocument, Path, bool], Path]] = {
    "docx": _write_docx, "pdf": _write_pdf,
    "md": _text_writer("md"), "txt": _text_writer("txt"), "html": _text_writer("html"),
}
