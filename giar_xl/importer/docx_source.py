"""Word (.docx) reports -> lines: paragraphs and table rows in document order.

python-docx repeats a merged cell across the grid: a horizontal span yields
the same cell once per grid column, a vertical span yields the top cell again
in each row below.  A row keeps a horizontally merged cell once (so a figure
spanning three columns counts once) and keeps vertical repeats (so every row
of 「（三）不予公开」 carries its group label, as in the printed table).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from .lines import Line


def read_docx_file(path: Path) -> list[Line]:
    """The lines of a .docx report; InputError if it is not a readable Word file."""
    import docx  # python-docx: only needed for Word input
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError("无法打开 Word 文件：文件已损坏，或不是 .docx 格式（旧版 .doc 请先另存为 .docx）。",
                         str(path)) from exc
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", str(path)) from exc
    return docx_lines(document)


def docx_lines(document) -> list[Line]:
    """Lines of an opened python-docx ``Document``."""
    from docx.table import Table

    lines: list[Line] = []
    paragraph_no = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_no += 1
            for row_no, row in enumerate(block.rows, start=1):
                cells = _row_cells(row)
                if any(cells):
                    lines.append(Line(f"表格 {table_no} 第 {row_no} 行", cells, structured=True,
                                      positional=True))
            continue
        paragraph_no += 1
        text = block.text.strip()
        if text:
            lines.append(Line(f"第 {paragraph_no} 段", (text,), heading=_is_heading(block)))
    return lines


def _row_cells(row) -> tuple[str, ...]:
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if previous is not None and cell._tc is previous:  # same merged cell, next grid column
            continue
        previous = cell._tc
        cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
    return tuple(cells)


def _is_heading(paragraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.lower().startswith(("heading", "title")) or style.startswith(("标题", "题目")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)
