"""The generated workbook prints whole: footers not cut off, wrapped headers not clipped."""

from __future__ import annotations

import math
import subprocess

import openpyxl
import pytest

from giar_xl.office import convert
from giar_xl.workbook.printing import FOOTER_SPACING, footer_room_pt

FOOTER_PT = 11  # the footer's font: the workbook's default


@pytest.fixture(scope="module")
def workbook(demo_xlsx):
    return openpyxl.load_workbook(demo_xlsx)


def test_every_page_footer_fits_between_body_and_paper_edge(workbook):
    for ws in workbook.worksheets:
        assert ws.oddFooter.center.text, ws.title
        assert footer_room_pt(ws) >= FOOTER_PT * FOOTER_SPACING, ws.title  # Excel's rule
        assert ws.page_margins.top - ws.page_margins.header >= 0.4, ws.title


def test_wrapped_column_headers_get_rows_tall_enough(workbook, spec):
    sheet = next(s for s in spec.sheets if s.section == "active")
    ws = workbook[sheet.name]
    widths = dict(sheet.widths)
    for label in (lab for lab in sheet.labels if lab.kind == "column"):
        cells = openpyxl.utils.cell.range_boundaries(label.merge or f"{label.cell}:{label.cell}")
        min_col, min_row, max_col, max_row = cells
        width = sum(widths.get(openpyxl.utils.get_column_letter(c), 8.43)
                    for c in range(min_col, max_col + 1))
        lines = math.ceil(len(label.text) * 2.1 / (width - 1.5))
        height = sum(ws.row_dimensions[r].height or 15 for r in range(min_row, max_row + 1))
        assert height >= lines * 14, (label.text, height)  # 「上年现行有效件数（上年报告）」: 2 lines


def _lowest_ink_pt(pdf, page: int, box: dict[str, float], dpi: int = 100) -> float | None:
    """How far down (points from the top) a word's glyphs are drawn, rendered by poppler."""
    scale = dpi / 72
    x, y = int(box["xMin"] * scale), int(box["yMin"] * scale) - 2
    width, height = int((box["xMax"] - box["xMin"]) * scale) + 2, int((box["yMax"] - box["yMin"]) * scale) + 6
    image = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                            "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height),
                            str(pdf)], capture_output=True, check=True).stdout
    _magic, size, _depth, pixels = image.split(b"\n", 3)  # binary PGM (P5)
    cols, rows = map(int, size.split())
    inked = [r for r in range(rows) if min(pixels[r * cols:(r + 1) * cols]) < 128]
    return (max(inked) + y) / scale if inked else None


@pytest.mark.libreoffice
def test_libreoffice_draws_each_footer_whole(demo_xlsx, tmp_path):
    """A footer that does not fit is clipped at its area's edge: its glyphs then stop about a
    third of the way down their box (0.6 in / 0.5 in margins did that); whole glyphs reach
    about 70 %."""
    pdf = convert(demo_xlsx, "pdf", tmp_path)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        words = [w for w in page.splitlines() if "<word" in w and ">页<" in w]
        assert words, number
        box = {k: float(words[-1].split(f'{k}="')[1].split('"')[0])
               for k in ("xMin", "yMin", "xMax", "yMax")}
        ink = _lowest_ink_pt(pdf, number, box)
        assert ink is not None and ink >= box["yMin"] + 0.6 * (box["yMax"] - box["yMin"]), number
