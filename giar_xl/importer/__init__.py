"""Importing published reports into the report model.

Each loader turns a file into lines (:mod:`.text_source` for .txt/.md,
:mod:`.docx_source`, :mod:`.html_source`, :mod:`.pdf_source`,
:mod:`.office_source` for .doc/.wps/.odt/.rtf through LibreOffice and for
.mht pages) and :func:`.parse.parse_report` reads the lines against the
format; :mod:`.sheet_source` reads .xls/.et/.ods spreadsheets.
``giar_xl.check`` picks the loaders up from :data:`IMPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..fileio import regular_input
from ..model import ReadResult
from ..spec import FormatSpec, load_spec
from .docx_source import read_docx_file
from .html_source import read_html_file
from .lines import Line
from .office_source import read_mhtml_file, read_office_file
from .parse import parse_report
from .pdf_source import read_pdf_file
from .sheet_source import import_sheet_file
from .text_source import read_text_file, text_lines

Importer = Callable[[Path, FormatSpec], ReadResult]


def _loader(read_lines: Callable[[Path], list[Line]]) -> Importer:
    def load(path: Path, spec: FormatSpec | None = None) -> ReadResult:
        path = Path(path)
        regular_input(path)  # not a FIFO or device: opening those would block or never end
        return parse_report(read_lines(path), spec or load_spec(), str(path))
    load.__doc__ = f"Import a published report using {read_lines.__name__}."
    return load


import_text = _loader(read_text_file)
import_docx = _loader(read_docx_file)
import_html = _loader(read_html_file)
import_pdf = _loader(read_pdf_file)
import_office = _loader(read_office_file)
import_mhtml = _loader(read_mhtml_file)


def import_sheet(path: Path, spec: FormatSpec | None = None) -> ReadResult:
    """Import a .xls/.et/.ods spreadsheet (a giar-xl workbook in an old format is checked as
    a workbook)."""
    path = Path(path)
    regular_input(path)
    return import_sheet_file(path, spec or load_spec())


# Lower-case suffix -> loader; giar_xl.check adds these to its workbook loaders.
IMPORTERS: dict[str, Importer] = {
    ".txt": import_text,
    ".md": import_text,
    ".docx": import_docx,
    ".html": import_html,
    ".htm": import_html,
    ".pdf": import_pdf,
    ".doc": import_office,
    ".wps": import_office,
    ".odt": import_office,
    ".rtf": import_office,
    ".mht": import_mhtml,
    ".mhtml": import_mhtml,
    ".xls": import_sheet,
    ".et": import_sheet,
    ".ods": import_sheet,
}


def import_report(path: str | Path, spec: FormatSpec | None = None) -> ReadResult:
    """Import a published report by its suffix; InputError when it cannot be used."""
    path = Path(path)
    loader = IMPORTERS.get(path.suffix.lower())
    if loader is None:
        known = "、".join(sorted(IMPORTERS))
        raise InputError(f"不支持导入「{path.suffix or '无扩展名'}」文件（支持 {known}）。", str(path))
    return loader(path, spec or load_spec())


def import_text_content(text: str, spec: FormatSpec | None = None,
                        source: str | None = None) -> ReadResult:
    """Import a report given as text (the content of a .txt or .md file)."""
    return parse_report(text_lines(text), spec or load_spec(), source)


__all__ = ["IMPORTERS", "import_report", "import_text_content"]
