"""Writing the document model as a Word (.docx) file with python-docx.

The tables are generated from the model's grids — merged header cells,
row-label hierarchy and column widths all come from the format — rather than
from a template document, because merged cells are exactly what template
engines handle worst.  All formatting is in the styles of
:mod:`giar_xl.export.word_styles`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import Table

from .. import __version__
from ..fileio import atomic_save
from .document import Grid, Heading, Paragraph, ReportDocument, TableGroup
from .table_widths import LINE_FACTOR, MM_PER_PT, column_widths, lines, row_height_mm
from .word_styles import (
    LINE_PT,
    PAGE_NUMBER_PT,
    TABLE_PT,
    TABLE_SMALL_PT,
    TEXT_WIDTH_MM,
    TYPE_AREA_HEIGHT_MM,
    WIDE_TABLE_COLUMNS,
    apply_styles,
    style_names,
)

_TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 57  # 1 mm left/right (table_widths.CELL_PADDING_MM counts them)
ROW_HEIGHT_MM = 6.5  # minimum; rows grow with wrapped labels
KEEP_ROWS = 6  # a table that breaks keeps at least this many rows on either page
# the heading (one body line) and the unit line (a table line and its spacing) kept with it
KEEP_ROOM_MM = (LINE_PT + TABLE_PT * LINE_FACTOR + 6) * MM_PER_PT
_STYLE = style_names()
_UNBREAKABLE = re.compile(r"[!-~]{12,}")  # a web address, an e-mail address


def write_docx(doc: ReportDocument, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write ``doc`` to ``path`` (atomically) as a Word document."""
    return atomic_save(build_docx(doc), path, overwrite)


def build_docx(doc: ReportDocument) -> Document:
    """The Word document of ``doc``, in memory."""
    document = docx.Document()
    _drop_template_leftovers(document)
    apply_styles(document)
    _properties(document, doc)
    _page_numbers(document)

    _title(document, doc)
    for p in doc.preface:
        _add_paragraph(document, p.text, "body")
    for section in doc.sections:
        _add_paragraph(document, section.heading, "heading1")
        for block in section.blocks:
            if isinstance(block, Heading):
                _add_paragraph(document, block.text, "heading2")
            elif isinstance(block, Paragraph):
                _add_paragraph(document, block.text, "body")
            elif isinstance(block, TableGroup):
                _tables(document, block)
    # The 落款 never stands alone on a page: it keeps with the text before it (which brings
    # that paragraph's last lines along), and its lines keep together.
    if doc.signature and document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    for i, line in enumerate(doc.signature):
        para = _add_paragraph(document, line, "signature")
        if i == 0:  # two blank lines between the text and the 落款
            para.paragraph_format.space_before = Pt(2 * LINE_PT)
        para.paragraph_format.keep_with_next = i < len(doc.signature) - 1
    return document


# --------------------------------------------------------------------------- document parts

def _drop_template_leftovers(document: Document) -> None:
    """python-docx's template carries a thumbnail of another document and a stale
    copy of its styles (stylesWithEffects) that Word 2010 may prefer: drop both."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                rels.pop(r_id)


def _properties(document: Document, doc: ReportDocument) -> None:
    props = document.core_properties
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = doc.title
    props.author = doc.org or "giar-xl"
    props.last_modified_by = f"giar-xl {__version__}"
    props.subject = doc.basis
    props.keywords = doc.report_title
    props.language = "zh-CN"
    props.comments = ""
    props.created = props.modified = now
    props.revision = 1


def _page_numbers(document: Document) -> None:
    """「— 1 —」 in the footer: odd pages right, even pages left, one character in (GB/T 9704)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        para = footer.paragraphs[0]
        para.style = document.styles[_STYLE["page_number"]]
        para.alignment = align
        setattr(para.paragraph_format, f"{side}_indent", Pt(PAGE_NUMBER_PT))
        para.add_run("— ")
        para._p.append(parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        para.add_run(" —")


def _title(document: Document, doc: ReportDocument) -> None:
    para = document.add_paragraph(style=_STYLE["title"])
    for i, line in enumerate(doc.title_lines):
        run = para.add_run(line)
        if i < len(doc.title_lines) - 1:
            run.add_break()


# --------------------------------------------------------------------------- tables

def _tables(document: Document, group: TableGroup) -> None:
    if group.unit_note:
        _add_paragraph(document, group.unit_note, "unit")
    if group.n_cols is not None:
        _table(document, list(group.grids), group.column_weights())
    else:
        for grid in group.grids:
            _table(document, [grid], grid.column_weights)
    # a little air before the next heading, and a paragraph between two tables
    # (Word would fuse adjacent tables into one)
    _add_paragraph(document, "", "table_gap")


def _table(document: Document, grids: list[Grid], weights: tuple[float, ...]) -> Table:
    """One Word table holding ``grids`` one below the other (caption rows between them).

    The rows are written as WordprocessingML directly — ``w:gridSpan`` for
    horizontal merges, ``w:vMerge`` restart/continue for vertical ones, as
    Word itself writes them — which is also ~50x faster than merging cells
    through python-docx's table API.
    """
    n_cols = len(weights)
    small = n_cols > WIDE_TABLE_COLUMNS
    font_pt = TABLE_SMALL_PT if small else TABLE_PT
    widths = _twips(column_widths(grids, weights, font_pt, TEXT_WIDTH_MM))
    table = document.add_table(rows=0, cols=n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_properties(table, widths)
    style_id = _style_id(document, "table_small" if small else "table")

    rows: list[tuple[list, bool]] = []  # (cells as (text, kind, col, colspan, vmerge), header?)
    for grid in grids:
        if grid.caption:
            rows.append(([(grid.caption, "caption", 0, n_cols, None)], False))
        slots = grid.slots()
        for r in range(grid.n_rows):
            cells, c = [], 0
            while c < n_cols:
                cell = slots[r][c]
                if cell.row == r:
                    vmerge = "restart" if cell.rowspan > 1 else None
                    cells.append((cell.text, cell.kind, c, cell.colspan, vmerge))
                else:  # the lower part of a vertical merge
                    cells.append(("", cell.kind, c, cell.colspan, "continue"))
                c += cell.colspan
            rows.append((cells, len(grids) == 1 and r < grid.header_rows))

    kept = _kept_rows(rows, _height_mm(rows, widths, font_pt))
    tbl = table._tbl
    for i, (cells, header) in enumerate(rows):
        tbl.append(_tr(cells, widths, style_id, header=header, keep_next=i in kept))
    return table


def _kept_rows(rows: list[tuple[list, bool]], height_mm: float) -> set[int]:
    """Rows that keep with the next one (``w:keepNext`` on their paragraphs).

    A table that fits on a page is kept whole, and with its heading (the heading styles keep
    with next).  A longer one (table 三 at 五号) has to break, but never a few rows from
    either end: its header and first rows stay together, and so do its last rows — so the
    page before holds at least KEEP_ROWS of it and the page after at least KEEP_ROWS + 1.
    """
    last = len(rows) - 1
    if height_mm <= TYPE_AREA_HEIGHT_MM - KEEP_ROOM_MM:
        return set(range(last))
    header = sum(1 for _cells, is_header in rows if is_header)
    return set(range(header + KEEP_ROWS)) | set(range(last - KEEP_ROWS, last))


def _tr(cells: list, widths: list[int], style_id: str, header: bool, keep_next: bool):
    tr = OxmlElement("w:tr")
    tr_pr = _sub(tr, "w:trPr")
    _sub(tr_pr, "w:cantSplit")
    _sub(tr_pr, "w:trHeight", val=str(int(ROW_HEIGHT_MM * _TWIPS_PER_MM)), hRule="atLeast")
    if header:
        _sub(tr_pr, "w:tblHeader")
    for text, kind, col, span, vmerge in cells:
        tc = _sub(tr, "w:tc")
        tc_pr = _sub(tc, "w:tcPr")
        _sub(tc_pr, "w:tcW", w=str(sum(widths[col: col + span])), type="dxa")
        if span > 1:
            _sub(tc_pr, "w:gridSpan", val=str(span))
        if vmerge == "restart":
            _sub(tc_pr, "w:vMerge", val="restart")
        elif vmerge == "continue":
            _sub(tc_pr, "w:vMerge")
        _sub(tc_pr, "w:vAlign", val="center")
        p = _sub(tc, "w:p")
        p_pr = _sub(p, "w:pPr")
        _sub(p_pr, "w:pStyle", val=style_id)
        if keep_next:
            _sub(p_pr, "w:keepNext")
        if kind in ("row", "caption"):
            _sub(p_pr, "w:jc", val="left")
        if text:
            _sub(_sub(p, "w:r"), "w:t", text=text)
    return tr


def _sub(parent, tag: str, text: str | None = None, **attrs: str):
    """Append a ``w:`` element (attributes given without their ``w:`` prefix)."""
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    if text is not None:
        child.text = text
        if text != text.strip():
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parent.append(child)
    return child


def _twips(widths_mm: list[float]) -> list[int]:
    """Widths in twips, adding up exactly to the type area."""
    widths = [int(w * _TWIPS_PER_MM) for w in widths_mm]
    widths[-1] += int(TEXT_WIDTH_MM * _TWIPS_PER_MM) - sum(widths)
    return widths


def _height_mm(rows: list[tuple[list, bool]], widths: list[int], font_pt: float) -> float:
    """About how tall the table prints: each row as tall as its most wrapped cell (a
    vertical merge spreads over its rows and is left out)."""
    total = 0.0
    for cells, _header in rows:
        n_lines = max((lines(text, sum(widths[col:col + span]) / _TWIPS_PER_MM, font_pt)
                       for text, _kind, col, span, vmerge in cells if text and vmerge is None),
                      default=1)
        total += row_height_mm(n_lines, font_pt, ROW_HEIGHT_MM)
    return total


def _table_properties(table: Table, widths: list[int]) -> None:
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for name in ("tblW", "tblLayout", "tblBorders", "tblCellMar"):
        for old in tbl_pr.findall(qn(f"w:{name}")):
            tbl_pr.remove(old)
    _sub(tbl_pr, "w:tblW", w=str(sum(widths)), type="dxa")
    _sub(tbl_pr, "w:tblLayout", type="fixed")
    borders = _sub(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, f"w:{side}", val="single", sz="4", space="0", color="000000")
    margins = _sub(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        _sub(margins, f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa")
    _sort_children(tbl_pr, _TBL_PR_ORDER)
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))


def _style_id(document: Document, key: str) -> str:
    return document.styles[_STYLE[key]].style_id


def _add_paragraph(document: Document, text: str, key: str):
    para = document.add_paragraph(text)
    para._p.style = _style_id(document, key)
    if key == "body" and _UNBREAKABLE.search(text):
        # Justified text stretches the line before a run Word cannot break (a web
        # address): such a paragraph is set flush left instead.
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return para


# Schema order of the children we touch (CT_TblPr, CT_TrPr): Word rejects files
# whose property elements come out of order.
_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                 "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                 "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _sort_children(parent, order: tuple[str, ...]) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    children = list(parent)
    for child in children:
        parent.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(order))):
        parent.append(child)
