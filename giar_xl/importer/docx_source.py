"""Word (.docx) reports -> lines: paragraphs and table rows in document order.

A merged cell is kept as Word shows it: a horizontal span (``w:gridSpan``)
once per row — so a figure spanning three columns counts once — and a
vertical span (``w:vMerge``) repeated in each row it covers, so every row of
「（三）不予公开」 carries its group label as in the printed table.  The package's
XML is walked directly (lxml, or the standard library where lxml is missing:
see :mod:`.trees`): python-docx's cell objects cost a millisecond a row and
opening a document through it 20 ms, which matters when a reviewer checks a
folder of hundreds of reports.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from ..zipsafe import open_zip
from .files import cannot_read
from .lines import Line
from .trees import iter_tags, parse_xml, xml_errors

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T = _W + "t"


_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLE_NAME = re.compile(rb'<w:name w:val="([^"]*)"')
_BROKEN = "无法打开 Word 文件：文件已损坏，或不是 .docx 格式（旧版 .doc 请先另存为 .docx）。"
# Word tables have at most 63 columns; a larger w:gridSpan is damage (or an attack: a span of
# 2,000,000,000 columns would be expanded cell by cell).
MAX_GRID_SPAN = 63


def read_docx_file(path: Path) -> list[Line]:
    """The lines of a .docx report; InputError if it is not a readable Word file."""
    try:
        with open_zip(path, "Word 文件", not_zip=lambda _head: _BROKEN) as package:
            names = package.names
            main = _main_part(package, names)
            document = parse_xml(package.read(main))
            used = {s.get(_W + "val") for s in document.iter(_W + "pStyle")}
            styles = (_style_names(package.read("word/styles.xml"), used)
                      if used and "word/styles.xml" in names else {})
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, *xml_errors()) as exc:
        raise InputError(_BROKEN, str(path)) from exc
    except OSError as exc:
        raise cannot_read(path, exc) from exc
    body = document.find(_W + "body")
    if body is None:
        raise InputError(_BROKEN, str(path))
    return docx_lines(body, styles)


def _main_part(package: zipfile.ZipFile, names: set[str]) -> str:
    """The document part the package's relationships name (word/document.xml as a rule)."""
    if "_rels/.rels" in names:
        rels = parse_xml(package.read("_rels/.rels"))
        for rel in rels.iter(_PR + "Relationship"):
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _style_names(styles_xml: bytes, wanted: set[str]) -> dict[str, str]:
    """Names of the paragraph styles ``wanted``.

    styles.xml runs to hundreds of kilobytes (every latent style of Word's
    template): the few styles a report uses are looked up in its text rather
    than by parsing it all, when it uses the usual ``w:`` prefix.
    """
    if b"<w:style " not in styles_xml:
        return _parsed_style_names(styles_xml, wanted)
    names: dict[str, str] = {}
    for style_id in wanted:
        if not style_id:
            continue
        start = re.search(rb'w:styleId="' + re.escape(style_id.encode()) + rb'"', styles_xml)
        if start is None:
            continue
        end = styles_xml.find(b"</w:style>", start.end())
        name = _STYLE_NAME.search(styles_xml, start.end(), end if end > 0 else len(styles_xml))
        names[style_id] = name.group(1).decode("utf-8", "replace") if name else ""
    return names


def _parsed_style_names(styles_xml: bytes, wanted: set[str]) -> dict[str, str]:
    names = {}
    for style in parse_xml(styles_xml).iter(_W + "style"):
        if style.get(_W + "styleId") in wanted:
            name = style.find(_W + "name")
            names[style.get(_W + "styleId")] = name.get(_W + "val", "") if name is not None else ""
    return names


def docx_lines(body, style_names: dict[str, str]) -> list[Line]:
    """Lines of a document's ``w:body`` element."""
    lines: list[Line] = []
    paragraph_no = table_no = 0
    for element in _blocks(body):
        if element.tag == _W + "tbl":
            table_no += 1
            for row_no, cells in enumerate(_table_rows(element), start=1):
                if any(cells):
                    lines.append(Line(f"表格 {table_no} 第 {row_no} 行", cells, structured=True,
                                      positional=True))
            continue
        paragraph_no += 1
        text = _text(element).strip()
        if text:
            heading = _is_heading(element, style_names)
            lines.append(Line(f"第 {paragraph_no} 段", (text,), heading=heading))
    return lines


def _blocks(body):
    """Paragraphs and tables of the body in order (inside content controls too)."""
    for child in body:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _text(paragraph) -> str:
    """The paragraph's text; tabs and line breaks become spaces."""
    return "".join(node.text or "" if node.tag == _T else " "
                   for node in iter_tags(paragraph, _T, _W + "tab", _W + "br"))


def _table_rows(table) -> list[tuple[str, ...]]:
    """Each row's cells: a horizontal span once, a vertical span repeated below."""
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell last started there
    for tr in table.findall(_W + "tr"):
        column = _int_val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        cells: list[str] = []
        for tc in tr.findall(_W + "tc"):
            span, continued, paragraphs = 1, False, []
            for child in tc:  # one pass: lookups by path cost more than the cell's text
                if child.tag == _W + "p":
                    paragraphs.append(child)
                elif child.tag == _W + "tcPr":
                    for prop in child:
                        if prop.tag == _W + "gridSpan":
                            span = min(max(1, _int_val(prop, 1)), MAX_GRID_SPAN)
                        elif prop.tag == _W + "vMerge":
                            continued = prop.get(_W + "val") in (None, "continue")
            if continued:
                text = above.get(column, "")
            else:
                text = " ".join(t for t in (_text(p).strip() for p in paragraphs) if t)
            for offset in range(span):
                above[column + offset] = text
            cells.append(text)
            column += span
        rows.append(tuple(cells))
    return rows


def _int_val(element, default: int) -> int:
    """The ``w:val`` of ``element`` as a count (``default`` when absent or malformed)."""
    if element is None:
        return default
    try:
        return max(0, int(element.get(_W + "val")))
    except (TypeError, ValueError):
        return default


def _is_heading(paragraph, style_names: dict[str, str]) -> bool:
    """A heading style (Heading n, Title, 标题 n), or every run with text in bold."""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    name = style_names.get(style.get(_W + "val"), "") if style is not None else ""
    if name.lower().startswith(("heading", "title")) or name.startswith(("标题", "题目")):
        return True
    runs = [r for r in paragraph.iter(_W + "r") if _text(r).strip()]
    return bool(runs) and all(_bold(r) for r in runs)


def _bold(run) -> bool:
    bold = run.find(f"{_W}rPr/{_W}b")
    return bold is not None and bold.get(_W + "val", "true") not in ("0", "false", "off")
