"""How sheets print: margins that leave the footer room, the page-number footer, A4 setup.

Excel draws the footer ``footer`` inches above the paper's bottom edge and ends the body
``bottom`` inches above it; the footer line must fit between the two, or Excel prints it
over the body.  LibreOffice turns the difference into a footer area of exactly that height
and clips what does not fit — with 0.6 in / 0.3 in a 10 pt footer line loses its lower half.
Excel's own 「普通」 margins (0.75 in / 0.3 in) leave 0.45 in (11 mm), room for one line of
up to 14 pt and its spacing.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

# inches, as Excel's page setup states them; NARROW is Excel's 「窄」 preset, for wide lists
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
NARROW_MARGINS = {**MARGINS, "left": 0.25, "right": 0.25}
FOOTER = "&A　第 &P 页，共 &N 页"  # sheet name, page n of m
PT_PER_INCH = 72
FOOTER_SPACING = 1.6  # a footer line needs about 1.6 × its font size, with spacing


def print_margins(ws: Worksheet, margins: dict[str, float] = MARGINS) -> None:
    """Excel's 「普通」 top/bottom margins: the footer fits between body and paper edge."""
    for side, inches in margins.items():
        setattr(ws.page_margins, side, inches)


def footer_room_pt(ws: Worksheet) -> float:
    """Height (points) left for the footer line between the body and the footer margin."""
    return (ws.page_margins.bottom - ws.page_margins.footer) * PT_PER_INCH


def a4(ws: Worksheet, landscape: bool, title_rows: str | None = None,
       margins: dict[str, float] = MARGINS) -> None:
    """A4, one page wide (as many pages down as needed), page numbers in the footer.

    ``title_rows`` (like ``"2:3"``) are repeated at the top of every printed page.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    print_margins(ws, margins)
    ws.oddFooter.center.text = FOOTER
    if title_rows:
        ws.print_title_rows = title_rows
