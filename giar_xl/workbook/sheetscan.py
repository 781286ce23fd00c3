"""What a worksheet part holds, found by scanning its XML rather than parsing it.

Two questions, answered in one linear pass before python-calamine reads a sheet:

* **Can python-calamine read it within bounds?**  calamine places each cell at
  its ``r`` reference (or, lacking one, after the cell before it), allocates
  the rectangle spanning all non-empty cells — python-calamine's
  ``to_python()`` pads it from A1 — and copies a shared string into every cell
  that refers to it.  One cell at XFD1048576 next to one at A1 is a
  17-billion-cell rectangle: a 512 GB allocation that aborts the process.  A
  sheet *fits* when every cell tag is written the plain way (``<c r="D7" …>``,
  no namespace prefix) with a reference inside :data:`BOX` — so the rectangle
  has at most 104 × 9,999 cells — its ``sheetData`` is at most
  :data:`MAX_SHEET_DATA_BYTES`, and its cells times the shared strings part
  stay within :data:`MAX_STRING_COPY_BYTES`.  Any other sheet is read by
  :mod:`giar_xl.workbook.sparse` instead.  The test is conservative: a cell tag
  in a comment counts, a cell written some other legal way sends the sheet to
  the slower reader, never to calamine.
* **Which cells hold error values?**  calamine reads ``#REF!`` and the other
  error values as empty strings (python-calamine issue #105); they are taken
  from the cells' ``t="e"`` here.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field

from ..model import ErrorValue

BOX = "A1:CZ9999"  # where every cell reference of a sheet python-calamine reads lies
MAX_SHEET_DATA_BYTES = 32 * 1024 * 1024  # real sheets: under 1 MB
MAX_STRING_COPY_BYTES = 128 * 1024 * 1024
_MIN_STRING_CELL_BYTES = len(b'<c r="A1" t="s"><v>0</v></c>')

# A "<c" that does not open a cell tag written the plain way, as Excel, WPS, LibreOffice
# and openpyxl write it: an explicit reference first, and no second r in the rest of the
# tag (calamine would take the last r it sees), quoted values passed over as a whole (a
# ">" may stand in one).  An "r" followed by a space or "=" outside quotes counts as one.
# The classes exclude what may follow them, so nothing is gained by backtracking: on
# Python >= 3.11 the quantifiers are possessive, which halves the time of the scan.
_REST_OF_TAG = rb"""[^>"'r]*+(?:(?:"[^"]*+"|'[^']*+'|r(?![\s=]))[^>"'r]*+)*+>"""
if sys.version_info < (3, 11):
    _REST_OF_TAG = _REST_OF_TAG.replace(b"*+", b"*")
_ODD_CELL_IN_BOX = re.compile(rb'<c(?! r="[A-C]?[A-Z][1-9][0-9]{0,3}"' + _REST_OF_TAG + rb")")
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}"' + _REST_OF_TAG + rb")")
PLAIN_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)>')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


@dataclass(frozen=True)
class SheetScan:
    """What :func:`scan_sheet` found in a worksheet part."""

    fits: bool  # python-calamine may read the sheet (see the module's description)
    plain: bool = True  # every cell tag is written the plain way (its reference may be far out)
    errors: dict[str, ErrorValue] = field(default_factory=dict)  # error cells (when it fits)


def sheet_data(xml: bytes) -> tuple[int, int] | None:
    """Where the cells of a worksheet part are: from its ``<sheetData`` to the last
    ``</sheetData>``; None when it has none, or a prefixed one before it."""
    start = xml.find(b"<sheetData")
    if start < 0 or xml.find(b":sheetData", 0, start) >= 0:
        return None
    end = xml.rfind(b"</sheetData>")
    return start, len(xml) if end < start else end


def scan_sheet(xml: bytes, shared_strings_bytes: int = 0) -> SheetScan:
    """Scan a worksheet part; ``shared_strings_bytes`` is the size of the package's
    shared strings part (0 when it has none)."""
    region = sheet_data(xml)
    if region is None:  # no cells at all, or a prefixed sheetData: the slow reader decides
        return SheetScan(fits=b"sheetData" not in xml, plain=False)
    start, end = region
    if xml.find(b":c", start, end) >= 0:
        return SheetScan(fits=False, plain=False)
    if (end - start > MAX_SHEET_DATA_BYTES or _ODD_CELL_IN_BOX.search(xml, start, end)
            or (end - start) // _MIN_STRING_CELL_BYTES * shared_strings_bytes > MAX_STRING_COPY_BYTES):
        return SheetScan(fits=False, plain=not _ODD_CELL.search(xml, start, end))
    if xml.find(b' t="e"', start, end) < 0:
        return SheetScan(fits=True)
    return SheetScan(fits=True, errors=_error_cells(xml, start, end))


def _error_cells(xml: bytes, start: int, end: int) -> dict[str, ErrorValue]:
    """Error cells of a plain ``sheetData``: each value is looked for between its cell's
    tag and the next cell's, so the scan stays linear whatever the XML holds."""
    found: dict[str, ErrorValue] = {}
    tags = list(PLAIN_CELL.finditer(xml, start, end))
    for tag, following in zip(tags, [*tags[1:], None], strict=True):
        if b' t="e"' not in tag.group(2):
            continue
        value = _VALUE.search(xml, tag.end(), following.start() if following else end)
        code = html.unescape(value.group(1).decode("utf-8", "replace")) if value else ""
        found[tag.group(1).decode()] = ErrorValue(code or "#N/A")
    return found
